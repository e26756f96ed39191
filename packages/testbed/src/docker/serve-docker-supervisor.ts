import { hostname } from 'node:os';
import { type Runtime, type ServedService, serveOn, testbedContract } from '@cmk-testbed/shared';
import { discoverComposeProject } from './discover-compose-project.js';
import { DockerEngine } from './docker-engine.js';
import type { DockerSupervisorEnv } from './docker-supervisor-config.js';
import { dockerSupervisorHandlers } from './docker-supervisor-handlers.js';

/**
 * Serves the testbed contract over a compose project's containers. The project is found before anything is
 * served, so a supervisor that cannot reach the engine or find its project fails at start with the reason.
 */
export async function serveDockerSupervisor(
  runtime: Runtime<DockerSupervisorEnv>,
  options: { hostname?: string; requestShutdown?: () => void } = {},
): Promise<ServedService> {
  const env = runtime.env;
  const engine = new DockerEngine(env.DOCKER_SOCKET);
  const project =
    env.CMK_COMPOSE_PROJECT ?? (await discoverComposeProject(engine, options.hostname ?? hostname()));
  runtime.log.info({ project, socket: env.DOCKER_SOCKET }, 'supervising a compose project');
  return serveOn(runtime, testbedContract, dockerSupervisorHandlers, {
    engine,
    project,
    natsUrl: env.NATS_URL.join(','),
    nc: runtime.nc,
    restarts: new Map(),
    readyTimeoutMs: env.CMK_READY_TIMEOUT_MS,
    stopGraceSeconds: env.CMK_STOP_GRACE_SECONDS,
    flush: () => runtime.nc.flush(),
    // The service's own shutdown path (runService) drains and exits on SIGTERM.
    requestShutdown: options.requestShutdown ?? (() => process.kill(process.pid, 'SIGTERM')),
    now: Date.now,
  });
}
