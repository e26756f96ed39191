// Parsed in shared, beside findNatsServer which it feeds; launch-testbed imports it from here.
export { type NatsEnvConfig, readNatsEnvConfig } from '@cmk-testbed/shared';
