import { encodeAssociatedData } from './associated-data.js';
import { EnvelopeError, EnvelopeErrorReason } from './envelope-error.js';
import { requireAes256Key } from './require-aes256-key.js';
import { openSealedBox, sealBox } from './sealed-box.js';

// Content chunks use another label, so a metadata box can never be passed off as a chunk or the reverse,
// even though both are sealed under the same data key.
const metadataLabel = 'cmk-testbed/metadata/v1';

/**
 * Seals an object's user metadata as one AES-256-GCM box (JSON inside) under the object's data key. Set Blob
 * Metadata re-seals the whole map with a fresh random nonce; the data key stays.
 */
export function encryptMetadata(metadata: Record<string, string>, dataKey: Buffer, objectId: string): Buffer {
  requireAes256Key(dataKey, 'data key', 'metadata');
  const json = Buffer.from(JSON.stringify(metadata), 'utf8');
  return sealBox(dataKey, json, encodeAssociatedData([metadataLabel, objectId]));
}

/** Reverses {@link encryptMetadata}; throws {@link EnvelopeError} on a wrong key, object id or tampering. */
export function decryptMetadata(sealed: Buffer, dataKey: Buffer, objectId: string): Record<string, string> {
  requireAes256Key(dataKey, 'data key', 'metadata');
  const json = openSealedBox(dataKey, sealed, encodeAssociatedData([metadataLabel, objectId]), 'metadata');
  return parseMetadata(json.toString('utf8'));
}

function parseMetadata(json: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (cause) {
    throw new EnvelopeError(EnvelopeErrorReason.malformed, 'metadata', 'authentic but not JSON', { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EnvelopeError(EnvelopeErrorReason.malformed, 'metadata', 'authentic but not a JSON object');
  }
  const entries = Object.entries(value);
  if (!entries.every(([, v]) => typeof v === 'string')) {
    throw new EnvelopeError(EnvelopeErrorReason.malformed, 'metadata', 'authentic but has non-string values');
  }
  // fromEntries defines own properties, so a name like "__proto__" stays data and never reaches a prototype.
  return Object.fromEntries(entries) as Record<string, string>;
}
