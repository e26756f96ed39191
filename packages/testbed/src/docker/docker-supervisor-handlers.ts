import { setTimeout as delay } from 'node:timers/promises';
import { AzureError, type HandlerTable, type ProcessInfo, type testbedContract } from '@cmk-testbed/shared';
import type { NatsConnection } from 'nats';
import { afterReplyForwarded } from '../supervisor/after-reply-forwarded.js';
import { processNotFound } from '../supervisor/process-not-found.js';
import { waitForSrvPing } from '../supervisor/wait-for-srv-ping.js';
import { composeContainers, type ProcessContainer } from './compose-containers.js';
import { containerProcessInfo } from './container-process-info.js';
import type { DockerEngine } from './docker-engine.js';
import { DockerEngineError } from './docker-engine-error.js';
import { waitForContainerHealthy } from './wait-for-container-healthy.js';

export interface DockerSupervisorState {
  engine: DockerEngine;
  /** The compose project whose labelled containers are the testbed's processes. */
  project: string;
  natsUrl: string;
  nc: NatsConnection;
  /** Restarts this supervisor made, by process name (the engine counts only its restart policy's). */
  restarts: Map<string, number>;
  /** How long a restarted process may take to answer `$SRV.PING` (a nats-server: to be healthy). */
  readyTimeoutMs: number;
  /** SIGTERM grace before SIGKILL when restarting or stopping a container, seconds. */
  stopGraceSeconds: number;
  /** Resolves once the server has read everything this connection sent. */
  flush: () => Promise<void>;
  /** Called after the shutdown reply has gone out and the testbed's containers are stopped. */
  requestShutdown: () => void;
  now: () => number;
}

/**
 * The testbed contract over the containers of a Docker Compose project, for `docker compose` runs where no
 * process supervisor exists: kill is `docker kill` (SIGKILL), restart is `docker restart` (or `start` for a
 * stopped container) followed by the same readiness the process supervisor waits for, pause and resume are
 * `docker pause`/`unpause` (the cgroup freezer: the process hangs as under SIGSTOP). Acting on a nats-server
 * can cut the connection the reply travels on, so that action runs after the reply is out, as the process
 * supervisor does.
 */
export const dockerSupervisorHandlers = {
  list: async (_req, s) => {
    const containers = await composeContainers(s.engine, s.project).catch(rethrow);
    return {
      runDir: `docker compose project ${s.project}`,
      natsUrl: s.natsUrl,
      processes: await Promise.all(containers.map((c) => describe(s, c))),
    };
  },
  kill: (req, s) =>
    act(s, req.name, async (c) => {
      await s.engine.kill(c.id, 'SIGKILL');
      await waitUntilStopped(s, c);
    }),
  restart: (req, s) =>
    act(s, req.name, async (c) => {
      const { State } = await s.engine.inspect(c.id);
      if (State.Paused) await s.engine.unpause(c.id);
      if (State.Running) await s.engine.restart(c.id, s.stopGraceSeconds);
      else await s.engine.start(c.id);
      s.restarts.set(c.name, (s.restarts.get(c.name) ?? 0) + 1);
      await waitUntilReady(s, c);
    }),
  pause: (req, s) =>
    act(s, req.name, async (c) => {
      const info = await describe(s, c);
      if (info.state !== 'running') throw new Error(`cannot pause ${c.name}: it is ${info.state}`);
      await s.engine.pause(c.id);
    }),
  resume: (req, s) =>
    act(s, req.name, async (c) => {
      const info = await describe(s, c);
      if (info.state !== 'paused') throw new Error(`cannot resume ${c.name}: it is ${info.state}`);
      await s.engine.unpause(c.id);
    }),
  shutdown: (_req, s) => {
    afterReplyForwarded(s.flush, () => stopAll(s).finally(s.requestShutdown));
    return { stopping: true as const };
  },
} satisfies HandlerTable<typeof testbedContract, DockerSupervisorState>;

async function act(
  s: DockerSupervisorState,
  name: string,
  action: (c: ProcessContainer) => Promise<void>,
): Promise<{ process: ProcessInfo }> {
  const container = await find(s, name);
  try {
    if (container.kind === 'nats-server') {
      const before = await describe(s, container);
      afterReplyForwarded(s.flush, () => action(container));
      return { process: before };
    }
    await action(container);
  } catch (error) {
    throw rethrow(error);
  }
  return { process: await describe(s, container) };
}

async function find(s: DockerSupervisorState, name: string): Promise<ProcessContainer> {
  const containers = await composeContainers(s.engine, s.project).catch(rethrow);
  const found = containers.find((c) => c.name === name);
  if (!found)
    throw processNotFound(
      name,
      containers.map((c) => c.name),
    );
  return found;
}

async function describe(s: DockerSupervisorState, c: ProcessContainer): Promise<ProcessInfo> {
  return containerProcessInfo(c, await s.engine.inspect(c.id), s.restarts.get(c.name) ?? 0, s.now());
}

/** `docker kill` returns once the signal is sent; the reply should show the process gone. */
async function waitUntilStopped(s: DockerSupervisorState, c: ProcessContainer): Promise<void> {
  const deadline = s.now() + 10_000;
  while ((await s.engine.inspect(c.id)).State.Running) {
    if (s.now() >= deadline) throw new Error(`${c.name} still runs 10 s after SIGKILL`);
    await delay(50);
  }
}

/** The readiness the process supervisor waits for: `$SRV.PING` from the instance; for NATS, its healthcheck. */
async function waitUntilReady(s: DockerSupervisorState, c: ProcessContainer): Promise<void> {
  const description = `${c.name} (container ${c.id.slice(0, 12)})`;
  if (c.kind === 'nats-server') {
    await waitForContainerHealthy({
      inspect: () => s.engine.inspect(c.id),
      description,
      timeoutMs: s.readyTimeoutMs,
    });
    return;
  }
  await waitForSrvPing(s.nc, {
    serviceName: `cmk-${c.kind}`,
    instance: c.name,
    timeoutMs: s.readyTimeoutMs,
    description,
  });
}

/** Services first, nats-servers last, as the process supervisor stops them. */
async function stopAll(s: DockerSupervisorState): Promise<void> {
  const containers = await composeContainers(s.engine, s.project).catch(() => []);
  const stop = (c: ProcessContainer) => s.engine.stop(c.id, s.stopGraceSeconds).catch(() => {});
  await Promise.all(containers.filter((c) => c.kind !== 'nats-server').map(stop));
  await Promise.all(containers.filter((c) => c.kind === 'nats-server').map(stop));
}

function rethrow(error: unknown): never {
  if (error instanceof AzureError) throw error;
  if (error instanceof DockerEngineError && error.status === 0)
    throw new AzureError({ status: 503, code: 'DockerEngineUnavailable', message: error.message });
  throw new AzureError({
    status: 409,
    code: 'ProcessActionFailed',
    message: error instanceof Error ? error.message : String(error),
  });
}
