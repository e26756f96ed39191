export * from './config/index.js';
export * from './contracts/index.js';
export * from './faults/index.js';
export * from './log/index.js';
export * from './rpc/index.js';
export * from './service/index.js';
export * from './time/index.js';
export * from './wire/index.js';
