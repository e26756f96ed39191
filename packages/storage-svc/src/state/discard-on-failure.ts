import type { Segment } from './documents.js';
import type { StorageStore } from './storage-store.js';

/**
 * Runs the write that makes freshly sealed content reachable; if it is refused (a lease, a blob replaced
 * meanwhile by one of another type), deletes that content's chunks before rethrowing: content is sealed
 * before the write, and nothing would ever point at it otherwise.
 */
export async function discardOnFailure<T>(
  store: StorageStore,
  sealed: readonly Segment[],
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    for (const segment of sealed) await store.deleteChunks(segment.objectId, segment.chunkCount);
    throw error;
  }
}
