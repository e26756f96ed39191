import type { StoredBlob } from './documents.js';

/** The blob's lease while it holds: leased (not broken), and infinite or not yet expired on the testbed clock. */
export function activeLease(
  blob: Pick<StoredBlob, 'lease'> | undefined,
  now: number,
): StoredBlob['lease'] | undefined {
  const lease = blob?.lease;
  return lease?.state === 'leased' && (lease.expiresAt === undefined || now < lease.expiresAt)
    ? lease
    : undefined;
}
