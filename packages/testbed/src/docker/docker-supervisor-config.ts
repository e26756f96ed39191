import { parseEnv, serviceEnvSchema } from '@cmk-testbed/shared';
import { z } from 'zod';

/** The Docker supervisor's environment: the common service variables and where the engine is. */
export const dockerSupervisorEnvSchema = serviceEnvSchema.extend({
  /** The Docker Engine API's unix socket, mounted into the container (docker-compose.yml does). */
  DOCKER_SOCKET: z.string().min(1, 'must name the engine socket').default('/var/run/docker.sock'),
  /**
   * The compose project whose containers are the testbed. Unset: read from this container's own
   * `com.docker.compose.project` label (the container is found by its hostname, Docker's default).
   */
  CMK_COMPOSE_PROJECT: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'a compose project name: lowercase letters, digits, - and _')
    .optional(),
  /** How long a restarted process may take to be ready again, ms. */
  CMK_READY_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(120_000),
  /** SIGTERM grace before SIGKILL when a container is restarted or stopped, seconds. */
  CMK_STOP_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(2),
});

export type DockerSupervisorEnv = z.output<typeof dockerSupervisorEnvSchema>;

export function loadDockerSupervisorConfig(
  env: Record<string, string | undefined> = process.env,
): DockerSupervisorEnv {
  return parseEnv(dockerSupervisorEnvSchema, env);
}
