import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNatsServer, readNatsEnvConfig } from '@cmk-testbed/shared';
import { connect, type NatsConnection, StringCodec } from 'nats';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureServiceName, fixtureSpecs } from './fixtures/fixture-specs.js';
import { isProcessAlive, processState } from './is-process-alive.js';
import type { ProcessExit } from './process-status.js';
import { Supervisor, type SupervisorOptions } from './supervisor.js';
import { UnknownProcessError } from './unknown-process-error.js';
import { waitForSrvPing } from './wait-for-srv-ping.js';

const sc = StringCodec();
const cleanups: Array<() => unknown> = [];
let natsServerBin: string;

beforeAll(async () => {
  natsServerBin = await findNatsServer({ ...readNatsEnvConfig(), deps: { isRoot: false } });
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startSupervisor(serviceNames: string[], extra: Partial<SupervisorOptions> = {}) {
  const runDir = await mkdtemp(join(tmpdir(), 'supervisor-'));
  cleanups.push(() => rm(runDir, { recursive: true, force: true }));
  const { processes, natsUrl } = await fixtureSpecs(runDir, natsServerBin, serviceNames);
  const supervisor = new Supervisor({ processes, runDir, natsUrl, stopGraceMs: 3_000, ...extra });
  cleanups.push(() => supervisor.stop());
  await supervisor.start();
  const nc = await connect({ servers: natsUrl.split(',') });
  cleanups.push(() => nc.close());
  return { supervisor, runDir, nc };
}

function status(supervisor: Supervisor, name: string) {
  const row = supervisor.list().find((p) => p.name === name);
  if (!row) throw new Error(`no ${name} in list()`);
  return row;
}

const pingInstance = (nc: NatsConnection, instance: string) =>
  waitForSrvPing(nc, { serviceName: fixtureServiceName, instance, timeoutMs: 5_000 });

describe('Supervisor', () => {
  it('starts nats-server and every service, each running and answering PING', async () => {
    const { supervisor, runDir, nc } = await startSupervisor(['svc-a', 'svc-b']);
    const rows = supervisor.list();
    expect(rows.map((r) => [r.name, r.kind, r.state])).toEqual([
      ['nats-main-1', 'nats-server', 'running'],
      ['svc-a', 'storage', 'running'],
      ['svc-b', 'storage', 'running'],
    ]);
    for (const row of rows) {
      expect(row.pid && isProcessAlive(row.pid)).toBe(true);
      expect(row).toMatchObject({ restarts: 0, exitCode: null, signal: null });
    }
    await pingInstance(nc, 'svc-b');
    const reply = await nc.request('fixture.svc-a.echo', sc.encode('hello'));
    expect(sc.decode(reply.data)).toBe('hello');
    expect(await readFile(join(runDir, 'logs', 'nats-main-1.log'), 'utf8')).toContain('Server is ready');
  });

  it('kills a process with SIGKILL and leaves it down', async () => {
    const exits: ProcessExit[] = [];
    const { supervisor } = await startSupervisor(['svc-a'], { onExit: (exit) => exits.push(exit) });
    const pid = status(supervisor, 'svc-a').pid!;
    await supervisor.kill('svc-a');
    expect(() => process.kill(pid, 0)).toThrow();
    expect(status(supervisor, 'svc-a')).toMatchObject({ state: 'killed', signal: 'SIGKILL', uptimeMs: 0 });
    expect(exits).toEqual([{ name: 'svc-a', pid, exitCode: null, signal: 'SIGKILL', unexpected: false }]);
  });

  it('restarts a killed process under a new pid that answers PING again, keeping its log history', async () => {
    const { supervisor, runDir, nc } = await startSupervisor(['svc-a']);
    const firstPid = status(supervisor, 'svc-a').pid!;
    await supervisor.kill('svc-a');
    await supervisor.restart('svc-a');
    const row = status(supervisor, 'svc-a');
    expect(row).toMatchObject({ state: 'running', restarts: 1 });
    expect(row.pid).not.toBe(firstPid);
    expect(isProcessAlive(row.pid!)).toBe(true);
    await pingInstance(nc, 'svc-a');
    const log = await readFile(join(runDir, 'logs', 'svc-a.log'), 'utf8');
    expect(log.match(/supervisor starts svc-a/g)).toHaveLength(2);
  });

  it('restarts a running process gracefully: SIGTERM lets it exit 0 before the new one starts', async () => {
    const exits: ProcessExit[] = [];
    const { supervisor } = await startSupervisor(['svc-a'], { onExit: (exit) => exits.push(exit) });
    const firstPid = status(supervisor, 'svc-a').pid!;
    await supervisor.restart('svc-a');
    expect(isProcessAlive(firstPid)).toBe(false);
    expect(exits).toEqual([{ name: 'svc-a', pid: firstPid, exitCode: 0, signal: null, unexpected: false }]);
    expect(status(supervisor, 'svc-a')).toMatchObject({ state: 'running', restarts: 1, exitCode: null });
  });

  it('pauses a process with SIGSTOP and resumes it with SIGCONT', async () => {
    const { supervisor, nc } = await startSupervisor(['svc-a']);
    const pid = status(supervisor, 'svc-a').pid!;
    supervisor.pause('svc-a');
    expect(status(supervisor, 'svc-a').state).toBe('paused');
    await expect.poll(() => processState(pid)).toBe('T');
    await expect(nc.request('fixture.svc-a.echo', sc.encode('x'), { timeout: 300 })).rejects.toThrow();
    supervisor.resume('svc-a');
    expect(status(supervisor, 'svc-a').state).toBe('running');
    await expect.poll(() => processState(pid)).not.toBe('T');
    await pingInstance(nc, 'svc-a');
  });

  it('stops services, then nats-server, leaving no child behind, even when one is paused', async () => {
    const { supervisor } = await startSupervisor(['svc-a', 'svc-b']);
    supervisor.pause('svc-b');
    const pids = supervisor.list().map((row) => row.pid!);
    await supervisor.stop();
    for (const pid of pids) expect(isProcessAlive(pid)).toBe(false);
    expect(supervisor.list().map((row) => row.state)).toEqual(['exited', 'exited', 'exited']);
    expect(status(supervisor, 'svc-a').exitCode).toBe(0);
  });

  it('records a child that exits by itself, with its exit code, and does not restart it', async () => {
    const exits: ProcessExit[] = [];
    const { supervisor, nc } = await startSupervisor(['svc-a', 'svc-b']);
    supervisor.on('exit', (exit) => exits.push(exit));
    const pid = status(supervisor, 'svc-a').pid!;
    await nc.request('fixture.svc-a.exit', sc.encode('7'));
    await expect.poll(() => status(supervisor, 'svc-a').state).toBe('exited');
    expect(status(supervisor, 'svc-a')).toMatchObject({ exitCode: 7, signal: null, pid, restarts: 0 });
    expect(exits).toEqual([{ name: 'svc-a', pid, exitCode: 7, signal: null, unexpected: true }]);
    expect(status(supervisor, 'svc-b').state).toBe('running');
  });

  it('names the process and lists the valid names for an unknown process', async () => {
    const { supervisor } = await startSupervisor([]);
    const error = await supervisor.kill('nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownProcessError);
    expect((error as Error).message).toBe('unknown process "nope"; valid names: nats-main-1');
    expect(() => supervisor.pause('nope')).toThrow(/"nope".*nats-main-1/);
  });
});

describe('Supervisor readiness failures', () => {
  async function failingStart(
    args: string[],
    readyTimeoutMs: number,
    extra: { command?: string; setprivPath?: null } = {},
  ) {
    const runDir = await mkdtemp(join(tmpdir(), 'supervisor-'));
    cleanups.push(() => rm(runDir, { recursive: true, force: true }));
    const { processes, natsUrl } = await fixtureSpecs(runDir, natsServerBin, ['svc-bad']);
    processes[1]!.args = args;
    if (extra.command) processes[1]!.command = extra.command;
    const supervisor = new Supervisor({
      processes,
      runDir,
      natsUrl,
      readyTimeoutMs,
      setprivPath: extra.setprivPath,
    });
    cleanups.push(() => supervisor.stop());
    const error = await supervisor.start().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    return { error, runDir };
  }

  it('fails fast naming the process and its log when it exits before being ready', async () => {
    const { error, runDir } = await failingStart(['-e', 'process.exit(3)'], 20_000);
    expect(error?.message).toContain('process svc-bad is not ready: exited with code 3');
    expect(error?.message).toContain(join(runDir, 'logs', 'svc-bad.log'));
  });

  it('fails fast when the command cannot even be spawned', async () => {
    const extra = { command: '/nonexistent/cmk-service', setprivPath: null };
    const { error } = await failingStart([], 20_000, extra);
    expect(error?.message).toMatch(/process svc-bad is not ready: could not be spawned: .*ENOENT/);
  });

  it('times out naming the process and its log when it never answers PING', async () => {
    const { error, runDir } = await failingStart(['-e', 'setInterval(() => {}, 1000)'], 500);
    expect(error?.message).toMatch(/process svc-bad did not answer \$SRV\.PING\.cmk-fixture within 500 ms/);
    expect(error?.message).toContain(join(runDir, 'logs', 'svc-bad.log'));
  });
});
