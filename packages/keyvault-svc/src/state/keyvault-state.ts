import type { KeyPairSource, TokenVerifier } from '@cmk-testbed/shared';
import type { KeyMaterial } from '../crypto/index.js';
import type { AuditLog } from './audit-log.js';
import type { KeyvaultEvents } from './keyvault-events.js';
import type { KeyvaultStore } from './keyvault-store.js';
import type { LifecycleScheduler } from './lifecycle-scheduler.js';
import type { MaterialCache } from './material-cache.js';
import type { SharedVaultThrottle } from './shared-vault-throttle.js';
import type { VerifiedTokens } from './verified-tokens.js';

/** What every keyvault handler works with. */
export interface KeyvaultState {
  store: KeyvaultStore;
  verifier: TokenVerifier;
  masterKey: Buffer;
  /** Where new keys' pairs come from: the service's pool, generating ahead of demand. */
  keyPairs: KeyPairSource;
  materials: MaterialCache<KeyMaterial>;
  events: KeyvaultEvents;
  audit: AuditLog;
  purges: LifecycleScheduler;
  purgeVault(name: string): Promise<void>;
  verifiedTokens: VerifiedTokens;
  /** Azure's per-vault budget, shared by the region's replicas; undefined when throttling is off. */
  throttle: SharedVaultThrottle | undefined;
  rbacPropagationMs: number;
}
