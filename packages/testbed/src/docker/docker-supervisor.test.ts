import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ContractClient,
  client,
  type Runtime,
  type ServedService,
  startRuntime,
  testbedContract,
} from '@cmk-testbed/shared';
import { pingInstances } from '@cmk-testbed/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { type LaunchedTestbed, launchTestbed } from '../launch/launch-testbed.js';
import { resolvePackagesDir } from '../topology/resolve-packages-dir.js';
import { type DockerSupervisorEnv, loadDockerSupervisorConfig } from './docker-supervisor-config.js';
import { serveDockerSupervisor } from './serve-docker-supervisor.js';
import { containerId, EngineDouble } from './testing/engine-double.js';

const project = 'cmk-demo';
const selfId = 'feedc0de0000';

/**
 * The supervisor of `docker compose` runs, on a machine without a container engine: its Engine API calls go
 * to a double whose containers are the real processes of the default topology (started by the process
 * supervisor, which here does not serve the testbed contract itself). Everything above the engine is real:
 * the contract on NATS, the services, the chaos controller and the scenario runner.
 */
describe('the Docker supervisor, over an Engine API double whose containers are real processes', () => {
  let home: string;
  let testbed: LaunchedTestbed;
  let engine: EngineDouble;
  let runtime: Runtime<DockerSupervisorEnv>;
  let served: ServedService;
  let tb: ContractClient<typeof testbedContract>;
  let shutdowns = 0;

  const processOf = async (name: string) => (await tb.list({})).processes.find((p) => p.name === name)!;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'cmk-docker-supervisor-'));
    testbed = await launchTestbed({ home, logLevel: 'warn', serveTestbedContract: false });
    engine = await EngineDouble.start({
      socketPath: join(home, 'engine.sock'),
      supervisor: testbed.supervisor,
      project,
      selfId,
    });
    const env = loadDockerSupervisorConfig({
      NATS_URL: testbed.natsUrl,
      CMK_INSTANCE: 'supervisor',
      CMK_REGION: 'global',
      DOCKER_SOCKET: engine.socketPath,
      LOG_LEVEL: 'warn',
    });
    runtime = await startRuntime('testbed', env);
    served = await serveDockerSupervisor(runtime, { hostname: selfId, requestShutdown: () => shutdowns++ });
    tb = client(runtime.nc, testbedContract, {
      caller: { service: 'test', instance: 'test-1', region: 'eastus' },
      timeoutMs: 60_000,
    });
  }, 90_000);

  afterAll(async () => {
    await served?.stop();
    await runtime?.close();
    await engine?.close();
    await testbed?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it("finds its compose project from its own container's labels and lists the labelled containers", async () => {
    const listed = await tb.list({});
    expect(listed.runDir).toBe(`docker compose project ${project}`);
    expect(listed.processes.map((p) => [p.name, p.kind, p.region, p.state])).toEqual(
      testbed.supervisor.list().map((p) => [p.name, p.kind, p.region, 'running']),
    );
    for (const p of listed.processes) {
      expect(p.pid).toBe(testbed.supervisor.list().find((s) => s.name === p.name)!.pid);
    }
    expect(engine.calls).toContain(`GET /containers/${selfId}/json`);
  });

  it('kill is docker kill (SIGKILL): the process is gone; restart is docker start and waits for $SRV.PING', async () => {
    const id = containerId('storage-eastus-2');
    const killed = await tb.kill({ name: 'storage-eastus-2' });
    expect(killed.process).toMatchObject({ state: 'killed', pid: null, signal: 'SIGKILL' });
    expect(engine.calls).toContain(`POST /containers/${id}/kill`);
    expect(await pingInstances(testbed.natsUrl, 'cmk-storage')).not.toContain('storage-eastus-2');

    const restarted = await tb.restart({ name: 'storage-eastus-2' });
    expect(restarted.process).toMatchObject({ state: 'running', restarts: 1 });
    expect(engine.calls).toContain(`POST /containers/${id}/start`);
    // Ready means answering: the reply came after the instance answered $SRV.PING.
    expect(await pingInstances(testbed.natsUrl, 'cmk-storage')).toContain('storage-eastus-2');
  });

  it('restart of a running process is docker restart; of a paused one, unpause first', async () => {
    const id = containerId('keyvault-eastus-1');
    const before = await processOf('keyvault-eastus-1');
    await tb.pause({ name: 'keyvault-eastus-1' });
    const after = (await tb.restart({ name: 'keyvault-eastus-1' })).process;
    expect(after).toMatchObject({ state: 'running', restarts: before.restarts + 1 });
    expect(after.pid).not.toBe(before.pid);
    const calls = engine.calls.filter((c) => c.includes(id) && c.startsWith('POST'));
    expect(calls.slice(-3)).toEqual([
      `POST /containers/${id}/pause`,
      `POST /containers/${id}/unpause`,
      `POST /containers/${id}/restart`,
    ]);
  });

  it('pause freezes the process (it hangs); resume thaws it; both refuse the wrong state by name', async () => {
    expect((await tb.pause({ name: 'entra-1' })).process.state).toBe('paused');
    await expect(tb.pause({ name: 'entra-1' })).rejects.toMatchObject({
      status: 409,
      code: 'ProcessActionFailed',
      message: 'cannot pause entra-1: it is paused',
    });
    expect(await pingInstances(testbed.natsUrl, 'cmk-entra')).not.toContain('entra-1');
    expect((await tb.resume({ name: 'entra-1' })).process.state).toBe('running');
    await expect(tb.resume({ name: 'entra-1' })).rejects.toMatchObject({
      status: 409,
      message: 'cannot resume entra-1: it is running',
    });
    await expect.poll(() => pingInstances(testbed.natsUrl, 'cmk-entra')).toContain('entra-1');
  });

  it('refuses an unknown process, naming the known ones', async () => {
    await expect(tb.kill({ name: 'storage-mars-1' })).rejects.toMatchObject({
      status: 404,
      code: 'ProcessNotFound',
      message: expect.stringMatching(
        /^name: no process 'storage-mars-1' in this testbed\. Known: nats-main-1, .*chaos-1$/,
      ),
    });
  });

  it('passes the library scenarios that need a supervisor (process faults) through `cmk-testbed run`', async () => {
    const scenarios = join(resolvePackagesDir(), 'chaos', 'scenarios');
    const files = [
      '61-storage-node-kill.yaml',
      '62-vault-replica-restart.yaml',
      '63-vault-replica-kill.yaml',
    ];
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      ['run', ...files.map((f) => join(scenarios, f)), '--connect', testbed.natsUrl],
      {
        out: (s) => out.push(s),
        err: (s) => err.push(s),
      },
    );
    expect({ code, failures: err.filter((line) => / [✗!] /.test(line)) }).toEqual({ code: 0, failures: [] });
    expect(out.join('\n')).toMatch(/3 of 3 scenarios passed/);
    const killsAndStarts = engine.calls.filter((c) => /\/(kill|start|restart)$/.test(c));
    expect(killsAndStarts).toEqual(
      expect.arrayContaining([
        `POST /containers/${containerId('storage-eastus-1')}/kill`,
        `POST /containers/${containerId('storage-eastus-1')}/start`,
        `POST /containers/${containerId('keyvault-westeurope-1')}/restart`,
      ]),
    );
  }, 120_000);

  it('shutdown stops every container, services before nats-servers, then ends the supervisor', async () => {
    expect(await tb.shutdown({})).toEqual({ stopping: true });
    await expect.poll(() => shutdowns, { timeout: 30_000 }).toBe(1);
    expect(testbed.supervisor.list().map((p) => [p.name, p.state])).toEqual(
      testbed.supervisor.list().map((p) => [p.name, 'killed']),
    );
    const stops = engine.calls.filter((c) => c.endsWith('/stop'));
    expect(stops.at(-1)).toBe(`POST /containers/${containerId('nats-main-1')}/stop`);
  }, 60_000);
});
