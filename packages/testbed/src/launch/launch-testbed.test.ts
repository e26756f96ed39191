import { client, clockContract, keyvaultContract, testbedContract } from '@cmk-testbed/shared';
import { pingInstances } from '@cmk-testbed/shared/testing';
import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive, processState } from '../supervisor/is-process-alive.js';
import { launchForTest, type TestTestbed } from './launch-for-test.js';
import type { LaunchedTestbed } from './launch-testbed.js';

const caller = { service: 'test', instance: 'test-1', region: 'eastus' };

// These tests start the real service programs from dist/: turbo builds before it tests.
describe('a launched default topology, driven through the testbed contract', () => {
  let run: TestTestbed | undefined;
  let testbed: LaunchedTestbed;
  let nc: NatsConnection;
  let tb: ReturnType<typeof client<typeof testbedContract>>;

  beforeAll(async () => {
    run = await launchForTest();
    ({ testbed, nc } = run);
    tb = client(nc, testbedContract, { caller, timeoutMs: 30_000 });
  }, 60_000);

  afterAll(() => run?.dispose());

  const processOf = async (name: string) => (await tb.list({})).processes.find((p) => p.name === name)!;

  it('starts every process of the default topology and lists it as running', async () => {
    const { processes } = await tb.list({});
    expect(processes.map((p) => p.name)).toEqual([
      'nats-main-1',
      'entra-1',
      'keyvault-eastus-1',
      'keyvault-westeurope-1',
      'storage-eastus-1',
      'storage-eastus-2',
      'storage-westeurope-1',
      'chaos-1',
    ]);
    expect(processes.every((p) => p.state === 'running' && p.pid !== null)).toBe(true);
    expect(await pingInstances(testbed.natsUrl, 'cmk-storage')).toHaveLength(3);
  });

  it('kills a service with SIGKILL and restarts it with a new pid that answers again', async () => {
    const before = await processOf('storage-eastus-2');
    const killed = await tb.kill({ name: 'storage-eastus-2' });
    expect(killed.process.state).toBe('killed');
    await expect.poll(() => isProcessAlive(before.pid!)).toBe(false);
    expect(await pingInstances(testbed.natsUrl, 'cmk-storage')).not.toContain('storage-eastus-2');

    const restarted = await tb.restart({ name: 'storage-eastus-2' });
    expect(restarted.process).toMatchObject({ state: 'running', restarts: 1 });
    expect(restarted.process.pid).not.toBe(before.pid);
    expect(await pingInstances(testbed.natsUrl, 'cmk-storage')).toContain('storage-eastus-2');
  });

  it('pauses a service (SIGSTOP: callers time out) and resumes it', async () => {
    const vault = client(nc, keyvaultContract, { caller, region: 'westeurope', timeoutMs: 300 });
    const paused = await tb.pause({ name: 'keyvault-westeurope-1' });
    expect(paused.process.state).toBe('paused');
    // Signal delivery is asynchronous: the kernel may still show the process running for an instant.
    await expect.poll(() => processState(paused.process.pid!)).toBe('T');
    await expect(vault.health({})).rejects.toMatchObject({ code: 'OperationTimedOut' });

    const resumed = await tb.resume({ name: 'keyvault-westeurope-1' });
    expect(resumed.process.state).toBe('running');
    await expect(vault.health({})).resolves.toMatchObject({ instance: 'keyvault-westeurope-1' });
  });

  it('restarts the nats-server itself; services reconnect and JetStream state survives', async () => {
    // Short timeouts while polling: a request sent during the reconnect window is lost, not queued.
    const clock = client(nc, clockContract, { caller, timeoutMs: 1000 });
    const quickTb = client(nc, testbedContract, { caller, timeoutMs: 1000 });
    const advanced = await clock.advance({ by: 'P3D' });
    const before = await processOf('nats-main-1');
    await tb.restart({ name: 'nats-main-1' });
    const natsPid = async () =>
      (await quickTb.list({}).catch(() => undefined))?.processes.find((p) => p.name === 'nats-main-1')?.pid;
    await expect.poll(natsPid, { timeout: 20_000 }).not.toBe(before.pid);
    await expect
      .poll(
        () =>
          clock.now({}).then(
            (r) => r.offsetMs,
            () => -1,
          ),
        { timeout: 20_000 },
      )
      .toBeGreaterThanOrEqual(advanced.offsetMs);
    await expect
      .poll(() => pingInstances(testbed.natsUrl, 'cmk-storage'), { timeout: 20_000 })
      .toHaveLength(3);
  });

  it('answers an unknown process name with a 404 that lists the known ones', async () => {
    await expect(tb.kill({ name: 'storage-mars-1' })).rejects.toMatchObject({
      status: 404,
      code: 'ProcessNotFound',
      message: expect.stringMatching(/storage-mars-1.*storage-eastus-1/),
    });
  });

  it('stops every process it started', async () => {
    const pids = (await tb.list({})).processes.map((p) => p.pid!).filter(Boolean);
    await run!.dispose();
    for (const pid of pids) expect(isProcessAlive(pid)).toBe(false);
  });
});
