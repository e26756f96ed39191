// Finding nats-server lives in shared (its test helper starts nats-servers too); exported here as before.
export {
  type ExecResult,
  type FindNatsServerDeps,
  type FindNatsServerOptions,
  findNatsServer,
  type NatsEnvConfig,
  NatsServerNotFoundError,
  natsServerInstallHint,
  readNatsEnvConfig,
} from '@cmk-testbed/shared';
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
