export { Operator, operatorName } from './admin/operator.js';
export { clockHandlers } from './clock/clock-handlers.js';
export * from './report/index.js';
export * from './scenario/index.js';
export { startChaosService } from './service.js';
