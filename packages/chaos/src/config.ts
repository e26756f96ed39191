import { parseEnv, type ServiceEnv, serviceEnvSchema } from '@cmk-testbed/shared';

/** The chaos controller's environment: the common service variables (more arrive with the chaos domain). */
export const chaosEnvSchema = serviceEnvSchema;

export function loadConfig(env: Record<string, string | undefined> = process.env): ServiceEnv {
  return parseEnv(chaosEnvSchema, env);
}
