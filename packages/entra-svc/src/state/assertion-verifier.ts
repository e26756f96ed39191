import { type Clock, createTokenVerifier, JwksCache, type TokenVerifier } from '@cmk-testbed/shared';
import type { EntraStore } from './entra-store.js';
import { publishedKeys } from './token-signer.js';

/**
 * Verifies client assertions against the issuing tenant's own signing keys, read straight from the
 * directory (entra-svc is the issuer, so no bus round trip). Clock skew tolerance is Entra's five minutes.
 */
export function createAssertionVerifier(store: EntraStore, clock: Clock): TokenVerifier {
  const jwks = new JwksCache({
    now: () => clock.now(),
    // Rotations must be seen at once here: a short cache suffices, entra reads its own store.
    maxAgeMs: 1000,
    fetchJwks: async (tenantId) => {
      const keys = await store.signingKeys.get(tenantId);
      if (!keys) throw new Error(`tenant ${tenantId} is not known to this directory`);
      return { keys: publishedKeys(keys.value, clock.now()) };
    },
  });
  return createTokenVerifier({ jwks, now: () => clock.now(), clockToleranceSec: 300 });
}
