export { durationEnv } from './duration-env.js';
export { ConfigError, parseEnv } from './parse-env.js';
export { type ServiceEnv, serviceEnvSchema } from './service-env.js';
