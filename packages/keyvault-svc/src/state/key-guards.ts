import { AzureError, type HandlerContext } from '@cmk-testbed/shared';
import { checkKeyOperation, type KeyOperation, type KeyVaultCaller } from '../rules/index.js';
import type { StoredKeyVersion, StoredVault } from './documents.js';
import type { KeyvaultState } from './keyvault-state.js';

/** The object-state check of Key Vault's order: enabled, key_ops, nbf/exp for the operation. */
export function checkObjectState(
  operation: KeyOperation,
  version: StoredKeyVersion,
  vault: StoredVault,
  caller: KeyVaultCaller,
  ctx: HandlerContext,
): void {
  const result = checkKeyOperation({
    operation,
    key: { enabled: version.enabled, nbf: version.nbf, exp: version.exp, keyOps: version.keyOps },
    now: ctx.clock.now(),
    caller,
    vaultName: vault.name,
    vaultLocation: vault.location,
  });
  if (!result.allowed) throw new AzureError(result.denial);
}

/**
 * The last check: Azure's per-vault limits (off unless CMK_KEYVAULT_THROTTLE_SCALE is set). When off it
 * returns at once without a promise, so the hot path pays nothing for a budget it does not keep.
 */
export function checkThrottle(
  state: KeyvaultState,
  vault: StoredVault,
  category: 'create' | 'other',
  version: Pick<StoredKeyVersion, 'kty' | 'keySize'> | undefined,
  ctx: HandlerContext,
): Promise<void> | undefined {
  if (!state.throttle) return undefined;
  return state.throttle
    .tryConsume({
      vault: vault.name,
      category,
      kty: version?.kty ?? 'RSA',
      keySize: (version?.keySize ?? 2048) as 2048 | 3072 | 4096,
      now: ctx.clock.now(),
    })
    .then((result) => {
      if (!result.ok) {
        throw new AzureError({ ...result.denial, details: { retryAfterSeconds: result.retryAfterSec } });
      }
    });
}
