import type { Segment } from './documents.js';
import type { StorageStore } from './storage-store.js';

/**
 * Removes a blob's uncommitted blocks and returns exactly the blocks removed (compare-and-set: a block staged
 * concurrently is either removed and returned, or kept), for the caller to release once its own writes are
 * done. Azure discards them when the blob is written by Put Blob or Put Block List, or deleted.
 */
export async function discardStaged(
  store: StorageStore,
  account: string,
  container: string,
  blob: string,
): Promise<Segment[]> {
  let discarded: Segment[] = [];
  await store.staged(account, container).mutate(blob, (current) => {
    discarded = current?.blocks ?? [];
    return undefined;
  });
  return discarded;
}
