import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  assertChunkLayout,
  chunkAssociatedData,
  chunkCountFor,
  chunkNonce,
  chunkPlaintextLength,
  defaultChunkSizeBytes,
  noncePrefixBytes,
} from './chunk-layout.js';
import { EnvelopeError, EnvelopeErrorReason } from './envelope-error.js';
import { requireAes256Key } from './require-aes256-key.js';
import { gcmTagBytes } from './sealed-box.js';

/** An object's content as stored: chunks plus the three numbers needed to read any range of them back. */
export interface EncryptedContent {
  /** Random per encryption; store it with the object. */
  noncePrefix: Buffer;
  /** Chunk `i` is `ciphertext | tag (16)`; every chunk but the last holds `chunkSize` plaintext bytes. */
  chunks: Buffer[];
  plaintextLength: number;
  chunkSize: number;
}

export interface EncryptContentInput {
  content: Buffer;
  dataKey: Buffer;
  /** Immutable internal id of the object (not its name); every chunk is bound to it. */
  objectId: string;
  /** Plaintext bytes per chunk; defaults to {@link defaultChunkSizeBytes}. */
  chunkSize?: number;
}

/** Chunks in memory, or a fetcher (e.g. from the object store) called only for the chunks a range needs. */
export type ChunkSource = readonly Buffer[] | ((index: number) => Promise<Buffer> | Buffer);

export interface DecryptRangeInput extends Omit<EncryptedContent, 'chunks'> {
  chunks: ChunkSource;
  dataKey: Buffer;
  objectId: string;
  /** First byte, inclusive; defaults to 0. */
  start?: number;
  /** Last byte, inclusive; defaults to the last byte of the content. */
  end?: number;
}

/**
 * Encrypts content with AES-256-GCM in independently sealed chunks, so a ranged read decrypts only what it
 * covers and no chunk outgrows a NATS message. Nonces are a random per-call prefix plus the chunk index, so
 * they never repeat within a call, and across calls only with ~2^-64 chance even if a data key were reused.
 */
export function encryptContent(input: EncryptContentInput): EncryptedContent {
  const { content, dataKey, objectId } = input;
  const chunkSize = input.chunkSize ?? defaultChunkSizeBytes;
  requireAes256Key(dataKey, 'data key', 'content');
  assertChunkLayout(content.length, chunkSize);
  const noncePrefix = randomBytes(noncePrefixBytes);
  const count = chunkCountFor(content.length, chunkSize);
  const chunks: Buffer[] = [];
  for (let index = 0; index < count; index++) {
    const cipher = createCipheriv('aes-256-gcm', dataKey, chunkNonce(noncePrefix, index), {
      authTagLength: gcmTagBytes,
    });
    cipher.setAAD(chunkAssociatedData(objectId, index, chunkSize, content.length));
    const plaintext = content.subarray(index * chunkSize, (index + 1) * chunkSize);
    chunks.push(Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]));
  }
  return { noncePrefix, chunks, plaintextLength: content.length, chunkSize };
}

/**
 * Returns exactly bytes `start..end` (inclusive) of the content, fetching and authenticating only the chunks
 * that cover them. Throws {@link EnvelopeError} if any of those chunks is tampered with, reordered, taken from
 * another object, or missing; a range outside the content is a caller bug and throws `RangeError` (resolve
 * HTTP ranges, and answer 416, before calling). Reading all of an empty object still authenticates its chunk.
 */
export async function decryptRange(input: DecryptRangeInput): Promise<Buffer> {
  const { chunks, dataKey, noncePrefix, plaintextLength, chunkSize } = input;
  requireAes256Key(dataKey, 'data key', 'content');
  assertChunkLayout(plaintextLength, chunkSize);
  if (noncePrefix.length !== noncePrefixBytes) {
    throw new EnvelopeError(
      EnvelopeErrorReason.malformed,
      'content',
      `nonce prefix is ${noncePrefix.length} bytes, expected ${noncePrefixBytes}`,
    );
  }
  const count = chunkCountFor(plaintextLength, chunkSize);
  if (Array.isArray(chunks) && chunks.length !== count) {
    throw new EnvelopeError(
      chunks.length < count ? EnvelopeErrorReason.missingChunk : EnvelopeErrorReason.malformed,
      'content',
      `${chunks.length} chunks supplied, the layout has ${count}`,
    );
  }
  const { start, end } = resolveRange(input.start, input.end, plaintextLength);
  const out = Buffer.allocUnsafe(end - start + 1);
  // An empty object reads chunk 0 only to authenticate its length.
  const first = Math.floor(start / chunkSize);
  const last = plaintextLength === 0 ? 0 : Math.floor(end / chunkSize);
  // One chunk at a time: memory stays at the range plus one chunk, however large the range.
  for (let index = first; index <= last; index++) {
    const plaintext = openChunk(input, index, await fetchChunk(chunks, index));
    const chunkStart = index * chunkSize;
    const from = Math.max(start, chunkStart) - chunkStart;
    const to = Math.min(end + 1, chunkStart + plaintext.length) - chunkStart;
    plaintext.copy(out, Math.max(0, chunkStart - start), from, to);
  }
  return out;
}

function resolveRange(
  startIn: number | undefined,
  endIn: number | undefined,
  plaintextLength: number,
): { start: number; end: number } {
  const start = startIn ?? 0;
  const end = endIn ?? plaintextLength - 1;
  if (plaintextLength === 0 && startIn === undefined && endIn === undefined) return { start: 0, end: -1 };
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || start > end) {
    throw new RangeError(`invalid byte range ${start}-${end}`);
  }
  if (end >= plaintextLength) {
    throw new RangeError(`byte range ${start}-${end} is outside content of ${plaintextLength} bytes`);
  }
  return { start, end };
}

async function fetchChunk(chunks: ChunkSource, index: number): Promise<Buffer> {
  const chunk = typeof chunks === 'function' ? await chunks(index) : chunks[index];
  // The type says Buffer, but a fetcher backed by a store can still come back empty-handed at run time.
  if (!Buffer.isBuffer(chunk)) {
    throw new EnvelopeError(EnvelopeErrorReason.missingChunk, 'content', `chunk ${index} was not supplied`);
  }
  return chunk;
}

function openChunk(input: DecryptRangeInput, index: number, chunk: Buffer): Buffer {
  const { dataKey, noncePrefix, objectId, plaintextLength, chunkSize } = input;
  const expected = chunkPlaintextLength(index, chunkSize, plaintextLength) + gcmTagBytes;
  if (chunk.length !== expected) {
    throw new EnvelopeError(
      EnvelopeErrorReason.malformed,
      'content',
      `chunk ${index} is ${chunk.length} bytes, expected ${expected}`,
    );
  }
  const tagAt = chunk.length - gcmTagBytes;
  const decipher = createDecipheriv('aes-256-gcm', dataKey, chunkNonce(noncePrefix, index), {
    authTagLength: gcmTagBytes,
  });
  decipher.setAAD(chunkAssociatedData(objectId, index, chunkSize, plaintextLength));
  decipher.setAuthTag(chunk.subarray(tagAt));
  const plaintext = decipher.update(chunk.subarray(0, tagAt));
  try {
    decipher.final();
  } catch (cause) {
    throw new EnvelopeError(
      EnvelopeErrorReason.authenticationFailed,
      'content',
      `chunk ${index}: wrong data key, object id, position or layout, or tampered bytes`,
      { cause },
    );
  }
  return plaintext;
}
