import { client, clockContract, keyvaultContract, storageContract } from '@cmk-testbed/shared';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchForTest, type TestTestbed } from './launch-for-test.js';
import type { LaunchedTestbed } from './launch-testbed.js';

describe('a two-region supercluster (one NATS cluster per region, joined by gateways)', () => {
  let run: TestTestbed | undefined;
  let testbed: LaunchedTestbed;
  let eastus: NatsConnection;
  let westeurope: NatsConnection;

  beforeAll(async () => {
    run = await launchForTest({
      regions: [
        { name: 'eastus', storageNodes: 1 },
        { name: 'westeurope', storageNodes: 1 },
      ],
      nats: { mode: 'supercluster' },
    });
    testbed = run.testbed;
    // One connection pinned to each region's cluster, so requests between them must cross a gateway.
    eastus = await connect({ servers: testbed.clusterUrls.eastus! });
    westeurope = await connect({ servers: testbed.clusterUrls.westeurope! });
  }, 90_000);

  afterAll(async () => {
    await eastus?.close();
    await westeurope?.close();
    await run?.dispose();
  });

  it('runs one cluster per region', () => {
    expect(Object.keys(testbed.clusterUrls).sort()).toEqual(['eastus', 'westeurope']);
    const servers = testbed.supervisor.list().filter((p) => p.kind === 'nats-server');
    expect(servers.map((s) => `${s.name}@${s.region}`).sort()).toEqual([
      'nats-eastus-1@eastus',
      'nats-westeurope-1@westeurope',
    ]);
  });

  it('carries a contract request from a client in eastus to the vault service in westeurope', async () => {
    const caller = { service: 'test', instance: 'test-eastus', region: 'eastus' };
    const vault = client(eastus, keyvaultContract, { caller, region: 'westeurope', timeoutMs: 2000 });
    // Gateway interest propagates asynchronously after start-up, so the first requests may find no one.
    await expect
      .poll(
        () =>
          vault.health({}).then(
            (h) => h.instance,
            (e: Error) => e.message,
          ),
        { timeout: 20_000 },
      )
      .toBe('keyvault-westeurope-1');
    const storage = client(westeurope, storageContract, { caller, region: 'eastus', timeoutMs: 2000 });
    await expect
      .poll(
        () =>
          storage.health({}).then(
            (h) => h.instance,
            (e: Error) => e.message,
          ),
        { timeout: 20_000 },
      )
      .toBe('storage-eastus-1');
  });

  it('shares one testbed clock (JetStream) across both clusters', async () => {
    const caller = { service: 'test', instance: 'test-eastus', region: 'eastus' };
    const clock = client(eastus, clockContract, { caller, timeoutMs: 5000 });
    const advanced = await clock.advance({ by: 'P10D' });
    const vault = client(westeurope, keyvaultContract, { caller, region: 'westeurope', timeoutMs: 2000 });
    await expect
      .poll(async () => (await vault.health({})).clockRevision, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(advanced.revision);
    expect((await vault.health({})).clockNow).toBeGreaterThanOrEqual(advanced.now);
  });
});
