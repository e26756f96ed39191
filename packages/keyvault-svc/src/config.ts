import { durationEnv, keyPoolDepthEnv, parseEnv, serviceEnvSchema } from '@cmk-testbed/shared';
import { z } from 'zod';

/** keyvault-svc's environment: the common service variables plus Key Vault's tunables. */
export const keyvaultEnvSchema = serviceEnvSchema.extend({
  /**
   * The secret the at-rest master key is derived from. Every replica of every region must share it. The
   * default suits a local testbed only; docker-compose and CI set their own.
   */
  CMK_KEYVAULT_MASTER_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .default('cmk-testbed-local-master-secret'),
  /** Role assignment propagation delay on the testbed clock (Azure: "several minutes"); PT0S by default. */
  CMK_KEYVAULT_RBAC_PROPAGATION: durationEnv('PT0S'),
  /** Multiplier of Azure's per-vault throttling limits; 0 (the default) turns throttling off for speed. */
  CMK_KEYVAULT_THROTTLE_SCALE: z.coerce.number().min(0).max(1000).default(0),
  /**
   * Key pairs of each kind in use (RSA-2048 from start-up) kept generated ahead of createKey and rotations, so
   * a request does not pay RSA's 150 ms or more of generation; 0 generates every key on request.
   */
  CMK_KEY_POOL_DEPTH: keyPoolDepthEnv(),
  /**
   * 1: every data-plane reply waits until its audit entry is acknowledged by JetStream, so an answered call is
   * in the log even if the process is killed the next instant (costs about 5% of unwrapKey throughput under
   * concurrency). 0, the default: the entry's write starts at once and the reply does not wait for it, so a
   * SIGKILL can lose the entries of the last round trip (about a millisecond) of calls.
   */
  CMK_KEYVAULT_AUDIT_DURABLE: z.enum(['0', '1']).default('0'),
});

export type KeyvaultEnv = z.output<typeof keyvaultEnvSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): KeyvaultEnv {
  return parseEnv(keyvaultEnvSchema, env);
}
