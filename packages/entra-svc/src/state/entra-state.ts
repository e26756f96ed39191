import type { KeyPairSource, TokenVerifier } from '@cmk-testbed/shared';
import type { EntraStore } from './entra-store.js';
import type { TokenSigner } from './token-signer.js';

/** What every entra handler works with. */
export interface EntraState {
  store: EntraStore;
  signer: TokenSigner;
  /** Where new signing keys' pairs come from: the service's pool, generating ahead of demand. */
  keyPairs: KeyPairSource;
  /** Verifies federated client assertions against the issuing tenant's keys. */
  assertions: TokenVerifier;
  tokenLifetimeMs: number;
  keyGraceMs: number;
}
