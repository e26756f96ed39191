export {
  type ExecResult,
  type FindNatsServerDeps,
  NatsServerNotFoundError,
  natsServerInstallHint,
} from '@cmk-testbed/shared';
export { type NatsEnvConfig, readNatsEnvConfig } from './config.js';
export { type FindNatsServerOptions, findNatsServer } from './find-nats-server.js';
export { natsHealthzUrl } from './nats-healthz-url.js';
export { type NatsServerConfig, natsServerConfigs } from './nats-server-configs.js';
export {
  type NatsMode,
  type NatsServerPlan,
  type NatsServerSpec,
  natsModes,
  type PlanNatsServersInput,
  planNatsServers,
  singleClusterName,
} from './nats-server-plan.js';
export { natsUrls } from './nats-urls.js';
export { createPortAllocator, type PortAllocator } from './port-allocator.js';
export { type WaitForNatsHealthzOptions, waitForNatsHealthz } from './wait-for-nats-healthz.js';
export { writeNatsServerConfigs } from './write-nats-server-configs.js';
