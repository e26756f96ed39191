import { formatVaultTag } from './format-vault-tag.js';
import type { KeyOperation } from './key-operations.js';
import { formatCaller, type KeyVaultCaller } from './key-vault-caller.js';
import type { KeyVaultDenial } from './key-vault-denial.js';

/** The key-version attributes that decide whether an operation may run on it. */
export type KeyStateAttributes = {
  enabled: boolean;
  /** Not-before, epoch seconds (as on the wire). */
  nbf?: number;
  /** Expiry, epoch seconds (as on the wire). */
  exp?: number;
  /**
   * JWK `key_ops` of the version, e.g. `['wrapKey', 'unwrapKey']`. Taken literally: the store must fill in the
   * key type's defaults when a key was created without `key_ops`.
   */
  keyOps: readonly string[];
};

/** Everything the key-state check needs; `now` is the testbed clock in epoch ms. */
export type KeyStateInput = {
  operation: KeyOperation;
  key: KeyStateAttributes;
  now: number;
  caller: KeyVaultCaller;
  vaultName: string;
  vaultLocation: string;
};

/** Allowed, or the 403 Key Vault gives for the key's state. */
export type KeyStateDecision = { allowed: true } | { allowed: false; denial: KeyVaultDenial };

/**
 * Operations a disabled key refuses. Crypto operations are documented to need `enabled` (facts §3). GET is
 * assumed refused too: facts §12 lists it as unconfirmed. Management operations stay allowed, or a disabled
 * key could never be re-enabled, deleted, backed up or rotated.
 */
const refusedWhenDisabled: ReadonlySet<KeyOperation> = new Set([
  'getKey',
  'encrypt',
  'decrypt',
  'wrapKey',
  'unwrapKey',
  'sign',
  'verify',
  'release',
]);

/** Operations gated by the JWK `key_ops` list; their REST names equal the JWK operation names. */
const gatedByKeyOps: ReadonlySet<KeyOperation> = new Set([
  'encrypt',
  'decrypt',
  'wrapKey',
  'unwrapKey',
  'sign',
  'verify',
]);

/**
 * Operations refused outside nbf/exp. Documented: decrypt, unwrap, verify and release still work on an
 * expired key, so expiry never revokes Storage CMK (facts §2, §11 item 8). The error shape for the refused
 * ones (403 Forbidden with inner code KeyExpired / KeyNotYetValid) is a testbed choice, not confirmed.
 */
const refusedOutsideValidity: ReadonlySet<KeyOperation> = new Set(['encrypt', 'wrapKey', 'sign']);

/**
 * Checks an operation against the key version's state, in the order disabled, key_ops, validity window (the
 * order between them is unconfirmed; the most fundamental refusal wins).
 */
export function checkKeyOperation(input: KeyStateInput): KeyStateDecision {
  const { operation, key } = input;
  if (!key.enabled && refusedWhenDisabled.has(operation)) {
    return deny('KeyDisabled', `Operation ${operation} is not allowed on a disabled key.`);
  }
  if (gatedByKeyOps.has(operation) && !allowsKeyOp(key.keyOps, operation)) {
    return deny(
      'ForbiddenByPolicy',
      `Operation is not allowed.\r\nOperation: "${operation}"\r\nCaller: ${formatCaller(input.caller)}\r\n` +
        `Vault: ${formatVaultTag(input.vaultName, input.vaultLocation)}`,
    );
  }
  if (refusedOutsideValidity.has(operation)) {
    if (key.nbf !== undefined && input.now < key.nbf * 1000) {
      return deny('KeyNotYetValid', `Operation ${operation} is not allowed on a key that is not yet valid.`);
    }
    // `exp` is the first instant the key is expired, as with JWT `exp`.
    if (key.exp !== undefined && input.now >= key.exp * 1000) {
      return deny('KeyExpired', `Operation ${operation} is not allowed on an expired key.`);
    }
  }
  return { allowed: true };
}

function allowsKeyOp(keyOps: readonly string[], operation: string): boolean {
  // Key Vault accepts key_ops in any case on input; compare the same way.
  const wanted = operation.toLowerCase();
  return keyOps.some((keyOp) => keyOp.toLowerCase() === wanted);
}

function deny(innerCode: string, message: string): KeyStateDecision {
  return { allowed: false, denial: { status: 403, code: 'Forbidden', innerCode, message } };
}
