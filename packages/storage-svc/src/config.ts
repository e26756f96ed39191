import { durationEnv, parseEnv, serviceEnvSchema } from '@cmk-testbed/shared';
import { z } from 'zod';

/** storage-svc's environment: the common service variables plus the storage node's tunables. */
export const storageEnvSchema = serviceEnvSchema.extend({
  /** The secret the platform key (Microsoft-managed keys) is derived from; every node must share it. */
  CMK_STORAGE_PLATFORM_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .default('cmk-testbed-local-platform-secret'),
  /**
   * How long a node keeps an unwrapped account key before asking the vault again (testbed clock). Azure does
   * not document its cache; Key Vault's guidance says CMK services "cache the results and re-check access
   * periodically" with "a few calls per hour", so the default is 10 minutes. Revocation reaches a node within
   * this TTL (or at once with event invalidation).
   */
  CMK_STORAGE_KEY_CACHE_TTL: durationEnv('PT10M'),
  /** Drop cached keys as soon as the vault publishes a change of the key (testbed option; Azure has none). */
  CMK_STORAGE_EVENT_INVALIDATION: z.enum(['0', '1']).default('0'),
  /** `current` (2024 documents) or `legacy-2020` (same tenant and region, RSA 2048 only). */
  CMK_STORAGE_PROFILE: z.enum(['current', 'legacy-2020']).default('current'),
});

export type StorageEnv = z.output<typeof storageEnvSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): StorageEnv {
  return parseEnv(storageEnvSchema, env);
}
