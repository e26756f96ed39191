import { parseEnv, type ServiceEnv, serviceEnvSchema } from '@cmk-testbed/shared';

/** keyvault-svc's environment: the common service variables (more arrive with the keyvault domain). */
export const keyvaultEnvSchema = serviceEnvSchema;

export function loadConfig(env: Record<string, string | undefined> = process.env): ServiceEnv {
  return parseEnv(keyvaultEnvSchema, env);
}
