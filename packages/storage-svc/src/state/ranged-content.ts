import { decryptRange, unwrapDataKey } from '../envelope/index.js';
import type { Segment } from './documents.js';
import type { StorageStore } from './storage-store.js';

/** A range write (Put Range, Put Page): a segment placed at an offset of a fixed-size file. */
export type PlacedSegment = Segment & { offset: number };

/**
 * Bytes `start..end` (inclusive) of a fixed-size file built from range writes: zeros where nothing was
 * written, later writes over earlier ones. Only the segments and chunks that overlap the range are decrypted.
 * Writes are kept as they came (no compaction): fine for a testbed's file sizes.
 */
export async function readPlaced(
  store: StorageStore,
  segments: readonly PlacedSegment[],
  accountKey: Buffer,
  start: number,
  end: number,
): Promise<Buffer> {
  const out = Buffer.alloc(end - start + 1);
  for (const segment of segments) {
    const from = Math.max(start, segment.offset);
    const to = Math.min(end, segment.offset + segment.length - 1);
    if (from > to) continue;
    const bytes = await decryptRange({
      chunks: (index) => store.getChunk(segment.objectId, index),
      noncePrefix: Buffer.from(segment.noncePrefix, 'base64'),
      dataKey: unwrapDataKey(Buffer.from(segment.wrappedDataKey, 'base64'), accountKey, segment.objectId),
      objectId: segment.objectId,
      plaintextLength: segment.length,
      chunkSize: segment.chunkSize,
      start: from - segment.offset,
      end: to - segment.offset,
    });
    bytes.copy(out, from - start);
  }
  return out;
}
