export { composeContainers, type ProcessContainer } from './compose-containers.js';
export {
  type ContainerProcess,
  containerProcessInfo,
  type InspectedContainer,
} from './container-process-info.js';
export { discoverComposeProject } from './discover-compose-project.js';
export { type ContainerInspection, DockerEngine, type ListedContainer } from './docker-engine.js';
export { DockerEngineError } from './docker-engine-error.js';
export {
  type DockerSupervisorEnv,
  dockerSupervisorEnvSchema,
  loadDockerSupervisorConfig,
} from './docker-supervisor-config.js';
export { type DockerSupervisorState, dockerSupervisorHandlers } from './docker-supervisor-handlers.js';
export { composeProjectLabel, processLabels } from './process-labels.js';
export { serveDockerSupervisor } from './serve-docker-supervisor.js';
export {
  type WaitForContainerHealthyOptions,
  waitForContainerHealthy,
} from './wait-for-container-healthy.js';
