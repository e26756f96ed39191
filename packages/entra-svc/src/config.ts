import { durationEnv, keyPoolDepthEnv, parseEnv, serviceEnvSchema } from '@cmk-testbed/shared';
import type { z } from 'zod';

/** entra-svc's environment: the common service variables plus token and signing-key lifetimes. */
export const entraEnvSchema = serviceEnvSchema.extend({
  /**
   * Lifetime of issued access tokens (ISO 8601). Azure's managed-identity tokens live about 24 h (not
   * confirmed by Microsoft; the IMDS sample shows 3599 s), so a day is the default; set PT1H for the sample's.
   */
  CMK_ENTRA_TOKEN_LIFETIME: durationEnv('P1D'),
  /** How long a rotated-out signing key stays in the JWKS so tokens it signed still verify. */
  CMK_ENTRA_KEY_GRACE: durationEnv('P1D'),
  /**
   * RSA-2048 signing key pairs kept generated ahead of createTenant and rotateSigningKey, so a request does not
   * pay the ~150 ms of generation; 0 generates every key on request.
   */
  CMK_KEY_POOL_DEPTH: keyPoolDepthEnv(),
});

export type EntraEnv = z.output<typeof entraEnvSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): EntraEnv {
  return parseEnv(entraEnvSchema, env);
}
