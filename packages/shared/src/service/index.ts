export { runService } from './run-service.js';
export { type Runtime, startRuntime } from './runtime.js';
export { serveOn, serveReleasing } from './serve-on.js';
export { untilShutdown } from './until-shutdown.js';
