export * from './config/index.js';
export {
  type ConnectOptions,
  connectTestbed,
  type RegionClients,
  type Testbed,
} from './connect/connect-testbed.js';
export * from './contracts/index.js';
export * from './crypto/index.js';
export * from './faults/index.js';
export * from './identity/index.js';
export * from './log/index.js';
export * from './nats-server/index.js';
export * from './rpc/index.js';
export * from './service/index.js';
export * from './state/index.js';
export * from './time/index.js';
export * from './wire/index.js';
