import type { TokenVerifier } from '@cmk-testbed/shared';
import type { EntraStore } from './entra-store.js';
import type { TokenSigner } from './token-signer.js';

/** What every entra handler works with. */
export interface EntraState {
  store: EntraStore;
  signer: TokenSigner;
  /** Verifies federated client assertions against the issuing tenant's keys. */
  assertions: TokenVerifier;
  tokenLifetimeMs: number;
  keyGraceMs: number;
}
