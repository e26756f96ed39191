import { client, clockContract, keyvaultContract } from '@cmk-testbed/shared';
import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchForTest, type TestTestbed } from './launch-for-test.js';
import type { LaunchedTestbed } from './launch-testbed.js';

const caller = { service: 'test', instance: 'test-1', region: 'eastus' };

describe('a three-server NATS cluster with JetStream state replicated three times', () => {
  let run: TestTestbed | undefined;
  let testbed: LaunchedTestbed;
  let nc: NatsConnection;

  beforeAll(async () => {
    run = await launchForTest({
      regions: [{ name: 'eastus', storageNodes: 1 }],
      nats: { mode: 'cluster', serversPerCluster: 3, jetstreamReplicas: 3 },
    });
    ({ testbed, nc } = run);
  }, 90_000);

  afterAll(() => run?.dispose());

  it('keeps the clock and fault buckets on three replicas', async () => {
    const jsm = await nc.jetstreamManager();
    expect((await jsm.streams.info('KV_cmk-clock')).config.num_replicas).toBe(3);
    expect((await jsm.streams.info('KV_cmk-faults')).config.num_replicas).toBe(3);
  });

  it('loses no clock state and keeps serving when a nats-server is killed', async () => {
    const clock = client(nc, clockContract, { caller, timeoutMs: 2000 });
    const advanced = await clock.advance({ by: 'P1D' });
    await testbed.supervisor.kill('nats-main-1');
    await expect
      .poll(
        () =>
          clock.advance({ by: 'PT1H' }).then(
            (r) => r.offsetMs,
            () => -1,
          ),
        { timeout: 30_000 },
      )
      .toBeGreaterThanOrEqual(advanced.offsetMs + 3_600_000);
    const vault = client(nc, keyvaultContract, { caller, region: 'eastus', timeoutMs: 2000 });
    await expect
      .poll(
        () =>
          vault.health({}).then(
            (h) => h.instance,
            () => 'no reply',
          ),
        { timeout: 30_000 },
      )
      .toBe('keyvault-eastus-1');
    await testbed.supervisor.restart('nats-main-1');
  });
});
