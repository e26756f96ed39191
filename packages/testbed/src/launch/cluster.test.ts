import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { client, clockContract, keyvaultContract, testbedContract } from '@cmk-testbed/shared';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processState } from '../supervisor/is-process-alive.js';
import { launchForTest, type TestTestbed } from './launch-for-test.js';
import type { LaunchedTestbed } from './launch-testbed.js';

const caller = { service: 'test', instance: 'test-1', region: 'eastus' };

interface ServerEndpoints {
  name: string;
  clientUrl: string;
  monitorUrl: string;
}

/** A server's client and monitoring addresses, read from the config the testbed wrote for it. */
async function endpointsOf(runDir: string, name: string): Promise<ServerEndpoints> {
  const config = await readFile(join(runDir, 'nats', `${name}.conf`), 'utf8');
  const listen = /^listen: "([^"]+)"/m.exec(config)?.[1];
  const http = /^http: "([^"]+)"/m.exec(config)?.[1];
  if (!listen || !http) throw new Error(`no listen or http address in the config of ${name}:\n${config}`);
  return { name, clientUrl: `nats://${listen}`, monitorUrl: `http://${http}` };
}

async function hasConnectionNamed(server: ServerEndpoints, connectionName: string): Promise<boolean> {
  const connz = (await (await fetch(`${server.monitorUrl}/connz?limit=4096`)).json()) as {
    connections?: { name?: string }[];
  };
  return (connz.connections ?? []).some((c) => c.name === connectionName);
}

/** The /healthz status, or 'no answer' when nothing comes back within `timeoutMs`. */
function healthz(server: ServerEndpoints, timeoutMs: number): Promise<number | 'no answer'> {
  return fetch(`${server.monitorUrl}/healthz`, { signal: AbortSignal.timeout(timeoutMs) }).then(
    (response) => response.status,
    () => 'no answer' as const,
  );
}

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

  it('pauses a nats-server through the testbed contract (it stops answering) and resumes it', async () => {
    const servers = await Promise.all(
      ['nats-main-1', 'nats-main-2', 'nats-main-3'].map((name) => endpointsOf(testbed.runDir, name)),
    );
    // Talk to the supervisor on the server its own connection uses, and pause another: a paused server under
    // the supervisor's connection would leave nothing able to deliver the resume.
    const supervisorFlags = await Promise.all(servers.map((s) => hasConnectionNamed(s, 'supervisor')));
    const home = servers[supervisorFlags.indexOf(true)]!;
    const target = servers.find((s) => s !== home)!;
    const direct = await connect({ servers: home.clientUrl, name: 'pause-test' });
    try {
      const tb = client(direct, testbedContract, { caller, timeoutMs: 5000 });
      const stateOf = async (name: string) => (await tb.list({})).processes.find((p) => p.name === name)!;
      const before = await stateOf(target.name);
      expect(before.state).toBe('running');
      expect(await healthz(target, 5000)).toBe(200);

      await tb.pause({ name: target.name });
      // The supervisor acts on a nats-server only after its reply is out, so the result shows up in `list`.
      await expect.poll(async () => (await stateOf(target.name)).state).toBe('paused');
      await expect.poll(() => processState(before.pid!)).toBe('T');
      expect(await healthz(target, 500)).toBe('no answer');
      await expect(connect({ servers: target.clientUrl, timeout: 500, reconnect: false })).rejects.toThrow();

      await tb.resume({ name: target.name });
      await expect.poll(async () => (await stateOf(target.name)).state).toBe('running');
      expect((await stateOf(target.name)).pid).toBe(before.pid);
      await expect.poll(() => healthz(target, 1000), { timeout: 30_000 }).toBe(200);
      // Serving again: a client on the resumed server alone reaches the supervisor through the cluster.
      const onTarget = await connect({ servers: target.clientUrl, name: 'pause-test-target' });
      try {
        const tbOnTarget = client(onTarget, testbedContract, { caller, timeoutMs: 2000 });
        await expect
          .poll(
            () =>
              tbOnTarget.list({}).then(
                (r) => r.processes.find((p) => p.name === target.name)?.state,
                () => 'no reply',
              ),
            { timeout: 30_000 },
          )
          .toBe('running');
      } finally {
        await onTarget.close();
      }
    } finally {
      await direct.close();
    }
  });
});
