import { encodeAssociatedData } from './associated-data.js';

/** 512 KiB: a sealed chunk (plus its 16-byte tag and headers) stays well under NATS's 1 MiB `max_payload`. */
export const defaultChunkSizeBytes = 512 * 1024;
/** Random per object; the other 4 bytes of the 96-bit GCM nonce are the chunk index. */
export const noncePrefixBytes = 8;
/** The index must fit the 4 nonce bytes, or nonces would repeat. */
export const maxChunkCount = 2 ** 32;

const contentLabel = 'cmk-testbed/content/v1';

/**
 * How many chunks hold `plaintextLength` bytes. Empty content still gets one (tag-only) chunk, so that even an
 * empty object's length is authenticated: otherwise rewriting a stored length to 0 would pass silently.
 */
export function chunkCountFor(plaintextLength: number, chunkSize: number): number {
  return Math.max(1, Math.ceil(plaintextLength / chunkSize));
}

/** Refuses a length / chunk size pair that cannot be laid out with unique nonces. */
export function assertChunkLayout(plaintextLength: number, chunkSize: number): void {
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1 || chunkSize > 0xffff_ffff) {
    throw new RangeError(`chunkSize must be an integer from 1 to 2^32-1, got ${chunkSize}`);
  }
  if (!Number.isSafeInteger(plaintextLength) || plaintextLength < 0) {
    throw new RangeError(`plaintextLength must be a non-negative safe integer, got ${plaintextLength}`);
  }
  if (chunkCountFor(plaintextLength, chunkSize) > maxChunkCount) {
    throw new RangeError(`${plaintextLength} bytes in ${chunkSize}-byte chunks exceeds 2^32 chunks`);
  }
}

/** The 96-bit GCM nonce of chunk `index`: `noncePrefix (8) | index (4, big-endian)`. */
export function chunkNonce(noncePrefix: Buffer, index: number): Buffer {
  const nonce = Buffer.allocUnsafe(noncePrefix.length + 4);
  noncePrefix.copy(nonce);
  nonce.writeUInt32BE(index, noncePrefix.length);
  return nonce;
}

/**
 * What each chunk authenticates besides its bytes: the object id (no moving chunks between objects), its index
 * (no reordering), and the layout (no truncation by rewriting the stored length or chunk size).
 */
export function chunkAssociatedData(
  objectId: string,
  index: number,
  chunkSize: number,
  plaintextLength: number,
): Buffer {
  return encodeAssociatedData([contentLabel, objectId, index, chunkSize, plaintextLength]);
}

/** Plaintext bytes held by chunk `index`: `chunkSize`, except for the last chunk. */
export function chunkPlaintextLength(index: number, chunkSize: number, plaintextLength: number): number {
  return Math.max(0, Math.min(chunkSize, plaintextLength - index * chunkSize));
}
