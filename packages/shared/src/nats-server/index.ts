export { type NatsEnvConfig, readNatsEnvConfig } from './config.js';
export { type FindNatsServerOptions, findNatsServer } from './find-nats-server.js';
export type { ExecResult, FindNatsServerDeps } from './find-nats-server-deps.js';
export { natsServerInstallHint } from './nats-server-install-hint.js';
export { NatsServerNotFoundError } from './nats-server-not-found-error.js';
