import type { HandlerContext } from '@cmk-testbed/shared';
import { activeLease } from '../state/active-lease.js';
import type { StoredBlob } from '../state/documents.js';
import { storageFailure } from '../state/storage-failures.js';
import { checkLease } from './blobs.js';

/**
 * Copy Blob's rules for a lease on its destination (Copy Blob REST reference, x-ms-lease-id and "Copying a
 * leased blob"): an active lease must be named and must be infinite; naming a lease the destination does not
 * have (or a destination that does not exist yet) fails too. All 412.
 */
export function checkCopyDestinationLease(
  destination: StoredBlob | undefined,
  leaseId: string | undefined,
  ctx: HandlerContext,
): void {
  const active = activeLease(destination, ctx.clock.now());
  if (!active) {
    if (leaseId) throw storageFailure('LeaseNotPresentWithBlobOperation', ctx);
    return;
  }
  checkLease(destination, leaseId, ctx);
  if (active.expiresAt !== undefined) throw storageFailure('InfiniteLeaseDurationRequired', ctx);
}
