export { echoContract, echoHandlers } from './echo-contract.js';
export { type NatsServerHandle, type StartNatsServerOptions, startNatsServer } from './nats-server.js';
export { uniqueName } from './unique-name.js';
