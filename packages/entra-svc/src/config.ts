import { parseEnv, type ServiceEnv, serviceEnvSchema } from '@cmk-testbed/shared';

/** entra-svc's environment: the common service variables (more arrive with the entra domain). */
export const entraEnvSchema = serviceEnvSchema;

export function loadConfig(env: Record<string, string | undefined> = process.env): ServiceEnv {
  return parseEnv(entraEnvSchema, env);
}
