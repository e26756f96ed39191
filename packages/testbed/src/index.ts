export {
  type ConnectOptions,
  connectTestbed,
  type RegionClients,
  type Testbed,
} from '@cmk-testbed/shared';
export { type CliConfig, loadCliConfig } from './config.js';
export * from './docker/index.js';
export { type LaunchedTestbed, type LaunchOptions, launchTestbed } from './launch/launch-testbed.js';
export * from './nats/index.js';
export * from './supervisor/index.js';
export * from './topology/index.js';
