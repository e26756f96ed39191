import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client, clockContract, keyvaultContract } from '@cmk-testbed/shared';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTopology } from '../topology/parse-topology.js';
import { type LaunchedTestbed, launchTestbed } from './launch-testbed.js';

const caller = { service: 'test', instance: 'test-1', region: 'eastus' };

describe('a three-server NATS cluster with JetStream state replicated three times', () => {
  let home: string;
  let testbed: LaunchedTestbed;
  let nc: NatsConnection;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'cmk-cluster-'));
    const topology = parseTopology(
      {
        regions: [{ name: 'eastus', storageNodes: 1 }],
        nats: { mode: 'cluster', serversPerCluster: 3, jetstreamReplicas: 3 },
        interRegionLatencyMs: [],
      },
      'test',
    );
    testbed = await launchTestbed({ topology, home, logLevel: 'warn' });
    nc = await connect({
      servers: testbed.natsUrl.split(','),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
    });
  }, 90_000);

  afterAll(async () => {
    await nc?.close();
    await testbed?.stop();
    await rm(home, { recursive: true, force: true });
  });

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
