import { parseEnv, type ServiceEnv, serviceEnvSchema } from '@cmk-testbed/shared';

/** storage-svc's environment: the common service variables (more arrive with the storage domain). */
export const storageEnvSchema = serviceEnvSchema;

export function loadConfig(env: Record<string, string | undefined> = process.env): ServiceEnv {
  return parseEnv(storageEnvSchema, env);
}
