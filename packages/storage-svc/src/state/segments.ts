import { randomUUID } from 'node:crypto';
import {
  decryptMetadata,
  decryptRange,
  encryptContent,
  encryptMetadata,
  newDataKey,
  unwrapDataKey,
  wrapDataKey,
} from '../envelope/index.js';
import { contentSegments } from './content-segments.js';
import type { Segment, StoredBlob } from './documents.js';
import type { StorageStore } from './storage-store.js';

/** Encrypts content as a new segment under a fresh data key and stores its chunks. */
export async function sealSegment(
  store: StorageStore,
  content: Buffer,
  accountKey: Buffer,
  blockId?: string,
): Promise<Segment> {
  const objectId = randomUUID();
  const dataKey = newDataKey();
  const encrypted = encryptContent({ content, dataKey, objectId });
  await store.putChunks(objectId, encrypted.chunks);
  return {
    objectId,
    length: content.length,
    wrappedDataKey: wrapDataKey(dataKey, accountKey, objectId).toString('base64'),
    noncePrefix: encrypted.noncePrefix.toString('base64'),
    chunkSize: encrypted.chunkSize,
    chunkCount: encrypted.chunks.length,
    ...(blockId !== undefined ? { blockId } : {}),
  };
}

/** Bytes `start..end` (inclusive) of a blob's content, decrypting only the segments and chunks they cover. */
export async function readContent(
  store: StorageStore,
  segments: readonly Segment[],
  accountKey: Buffer,
  start: number,
  end: number,
): Promise<Buffer> {
  const parts: Buffer[] = [];
  let offset = 0;
  for (const segment of segments) {
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + segment.length - 1);
    if (from <= to) {
      parts.push(
        await decryptRange({
          chunks: (index) => store.getChunk(segment.objectId, index),
          noncePrefix: Buffer.from(segment.noncePrefix, 'base64'),
          dataKey: unwrapDataKey(Buffer.from(segment.wrappedDataKey, 'base64'), accountKey, segment.objectId),
          objectId: segment.objectId,
          plaintextLength: segment.length,
          chunkSize: segment.chunkSize,
          start: from - offset,
          end: to - offset,
        }),
      );
    }
    offset += segment.length;
  }
  return Buffer.concat(parts);
}

/** Seals user metadata under its own key, bound to the blob id; empty metadata needs no key at all. */
export function sealMetadata(
  metadata: Record<string, string> | undefined,
  accountKey: Buffer | undefined,
  blobId: string,
): StoredBlob['metadata'] {
  if (!metadata || Object.keys(metadata).length === 0) return undefined;
  const key = newDataKey();
  return {
    wrappedKey: wrapDataKey(key, accountKey!, blobId).toString('base64'),
    sealed: encryptMetadata(metadata, key, blobId).toString('base64'),
  };
}

export function openMetadata(
  blob: Pick<StoredBlob, 'blobId' | 'metadata'>,
  accountKey: Buffer,
): Record<string, string> {
  if (!blob.metadata) return {};
  const key = unwrapDataKey(Buffer.from(blob.metadata.wrappedKey, 'base64'), accountKey, blob.blobId);
  return decryptMetadata(Buffer.from(blob.metadata.sealed, 'base64'), key, blob.blobId);
}

/**
 * Deletes the chunks of segments (or pages) that no blob, snapshot or staged block still points at: call it
 * after the documents that let go of them are written, so a snapshot sharing content keeps it.
 */
export async function releaseSegments(
  store: StorageStore,
  account: string,
  container: string,
  segments: readonly Segment[],
): Promise<void> {
  if (segments.length === 0) return;
  const inUse = new Set<string>();
  for (const b of await store.blobs(account, container).list())
    for (const s of contentSegments(b)) inUse.add(s.objectId);
  for (const staged of await store.staged(account, container).list())
    for (const s of staged.blocks) inUse.add(s.objectId);
  for (const segment of segments)
    if (!inUse.has(segment.objectId)) await store.deleteChunks(segment.objectId, segment.chunkCount);
}
