import { segmentSchema } from './documents.js';
import type { StorageStore } from './storage-store.js';

/**
 * Fields of stored documents that point at encrypted content in the data bucket: blob segments and page-blob
 * pages, staged (uncommitted) blocks, file ranges. A new kind of document with content must be added here, or
 * deleting its account leaks its bytes (the account-deletion test looks for orphaned chunks).
 */
const contentFields = ['segments', 'pages', 'blocks', 'ranges'] as const;

/**
 * Deletes every document under the key patterns and the content chunks they point at. Chunks go first: a
 * crash half-way leaves documents pointing at missing chunks, which a repeated delete cleans up, rather than
 * chunks nothing points at any more. Snapshots share their base blob's segments: each object is freed once.
 */
export async function purgeStoredData(store: StorageStore, patterns: readonly string[]): Promise<void> {
  const entries = await store.rawEntries(patterns);
  const chunkCounts = new Map<string, number>();
  for (const { value } of entries) {
    for (const field of contentFields) {
      const list = (value as Record<string, unknown> | null)?.[field];
      if (!Array.isArray(list)) continue;
      for (const item of list) {
        const segment = segmentSchema.safeParse(item);
        if (segment.success) chunkCounts.set(segment.data.objectId, segment.data.chunkCount);
      }
    }
  }
  for (const [objectId, count] of chunkCounts) await store.deleteChunks(objectId, count);
  for (const { key } of entries) await store.purgeKey(key);
}
