export { clockHandlers } from './clock/clock-handlers.js';
export { startChaosService } from './service.js';
