import type { DockerEngine } from './docker-engine.js';
import { DockerEngineError } from './docker-engine-error.js';
import { composeProjectLabel } from './process-labels.js';

/**
 * The compose project of the container this process runs in, from its own labels. Docker names a
 * container's host after its id unless `hostname:` is set, so the hostname finds the container.
 */
export async function discoverComposeProject(engine: DockerEngine, hostname: string): Promise<string> {
  const own = await engine.inspect(hostname).catch((error: unknown) => {
    if (error instanceof DockerEngineError && error.status === 404) {
      throw new Error(
        `CMK_COMPOSE_PROJECT is not set and no container is named after this host (${hostname}): set CMK_COMPOSE_PROJECT to the compose project to supervise`,
      );
    }
    throw error;
  });
  const project = own.Config.Labels?.[composeProjectLabel];
  if (!project) {
    throw new Error(
      `CMK_COMPOSE_PROJECT is not set and this container (${hostname}) has no ${composeProjectLabel} label: set CMK_COMPOSE_PROJECT to the compose project to supervise`,
    );
  }
  return project;
}
