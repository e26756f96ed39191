import { z } from 'zod';

/**
 * An environment variable holding a {@link KeyPairPool}'s depth: how many key pairs of each kind in demand the
 * service keeps generated ahead of time. 0 turns the pool off; every key is then generated on request.
 */
export function keyPoolDepthEnv(fallback = 2) {
  return z.coerce.number().int('must be a whole number').min(0).max(16).default(fallback);
}
