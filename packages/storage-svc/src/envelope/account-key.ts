import { randomBytes } from 'node:crypto';
import { encodeAssociatedData } from './associated-data.js';
import { EnvelopeError, EnvelopeErrorReason } from './envelope-error.js';
import { aes256KeyBytes, requireAes256Key } from './require-aes256-key.js';
import { openSealedBox, sealBox } from './sealed-box.js';

// Versioned in the label: a future wrapping scheme gets a new label, so old and new can never be confused.
const accountKeyLabel = 'cmk-testbed/account-key/v1';

/** A fresh random 256-bit account encryption key (AEK): one per storage account, for its whole life. */
export function newAccountKey(): Buffer {
  return randomBytes(aes256KeyBytes);
}

/**
 * Wraps the AEK under the storage service's platform key (the Microsoft-managed-keys case) with AES-256-GCM.
 * The account id is authenticated so a wrapped AEK copied onto another account record does not open there.
 * Result: `version | nonce | tag | ciphertext`, 61 bytes.
 */
export function wrapWithPlatformKey(aek: Buffer, platformKey: Buffer, accountId: string): Buffer {
  requireAes256Key(aek, 'account encryption key', 'account-key');
  requireAes256Key(platformKey, 'platform key', 'account-key');
  return sealBox(platformKey, aek, encodeAssociatedData([accountKeyLabel, accountId]));
}

/** Reverses {@link wrapWithPlatformKey}; throws {@link EnvelopeError} on a wrong key, account id or tampering. */
export function unwrapWithPlatformKey(wrapped: Buffer, platformKey: Buffer, accountId: string): Buffer {
  requireAes256Key(platformKey, 'platform key', 'account-key');
  const aek = openSealedBox(
    platformKey,
    wrapped,
    encodeAssociatedData([accountKeyLabel, accountId]),
    'account-key',
  );
  // Authentic but the wrong size can only be a bug on the sealing side; say so rather than fail later.
  if (aek.length !== aes256KeyBytes) {
    throw new EnvelopeError(
      EnvelopeErrorReason.malformed,
      'account-key',
      `unwrapped ${aek.length} bytes, expected ${aes256KeyBytes}`,
    );
  }
  return aek;
}
