import { randomBytes } from 'node:crypto';
import { encodeAssociatedData } from './associated-data.js';
import { EnvelopeError, EnvelopeErrorReason } from './envelope-error.js';
import { aes256KeyBytes, requireAes256Key } from './require-aes256-key.js';
import { openSealedBox, sealBox } from './sealed-box.js';

const dataKeyLabel = 'cmk-testbed/data-key/v1';

/** A fresh random 256-bit data key for one object (blob, file): its content and its metadata. */
export function newDataKey(): Buffer {
  return randomBytes(aes256KeyBytes);
}

/**
 * Wraps an object's data key under the account encryption key. AES-256-GCM rather than AES-KW (RFC 3394):
 * key wrap has no associated data, and binding the wrapped key to its object id is the point.
 *
 * `objectId` must be immutable for the object's life — an internal id, not the blob or file name, since
 * Rename File keeps the bytes. Result: `version | nonce | tag | ciphertext`, 61 bytes. Re-wrapping the AEK
 * (rotation, new key, new key source) never touches this.
 */
export function wrapDataKey(dataKey: Buffer, aek: Buffer, objectId: string): Buffer {
  requireAes256Key(dataKey, 'data key', 'data-key');
  requireAes256Key(aek, 'account encryption key', 'data-key');
  return sealBox(aek, dataKey, encodeAssociatedData([dataKeyLabel, objectId]));
}

/** Reverses {@link wrapDataKey}; throws {@link EnvelopeError} on a wrong AEK, object id or tampering. */
export function unwrapDataKey(wrapped: Buffer, aek: Buffer, objectId: string): Buffer {
  requireAes256Key(aek, 'account encryption key', 'data-key');
  const dataKey = openSealedBox(aek, wrapped, encodeAssociatedData([dataKeyLabel, objectId]), 'data-key');
  if (dataKey.length !== aes256KeyBytes) {
    throw new EnvelopeError(
      EnvelopeErrorReason.malformed,
      'data-key',
      `unwrapped ${dataKey.length} bytes, expected ${aes256KeyBytes}`,
    );
  }
  return dataKey;
}
