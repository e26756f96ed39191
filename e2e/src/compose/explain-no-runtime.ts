/** Where Docker listens when DOCKER_HOST does not say otherwise. */
export const defaultDockerSocket = '/var/run/docker.sock';

export interface RuntimeFacts {
  /** DOCKER_HOST as the environment has it. */
  dockerHost: string | undefined;
  /** Whether the default socket exists. */
  socketExists: boolean;
  /** What testcontainers said, or that it did not answer in time. */
  failure: string;
}

/** One sentence on why no container runtime answers, naming what was looked at, for pickDriver's messages. */
export function explainNoRuntime(facts: RuntimeFacts): string {
  if (facts.dockerHost) return `DOCKER_HOST=${facts.dockerHost} does not answer (${facts.failure})`;
  if (facts.socketExists) return `${defaultDockerSocket} exists but does not answer (${facts.failure})`;
  return `no Docker socket at ${defaultDockerSocket} and DOCKER_HOST unset (${facts.failure})`;
}
