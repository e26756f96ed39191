export { echoContract, echoHandlers } from './echo-contract.js';
export { type NatsServerHandle, type StartNatsServerOptions, startNatsServer } from './nats-server.js';
export { describeServiceMain } from './service-main-suite.js';
export { pingInstances, type SpawnedService, spawnService } from './spawn-service.js';
export { type PeerSpec, startPeers } from './start-peers.js';
export { uniqueName } from './unique-name.js';
