import { randomUUID } from 'node:crypto';
import type { HandlerTable, storageContract } from '@cmk-testbed/shared';
import { validateBlobName, validateMetadata } from '../rules/index.js';
import { activeLease } from '../state/active-lease.js';
import { contentSegments } from '../state/content-segments.js';
import { discardOnFailure } from '../state/discard-on-failure.js';
import type { StoredBlob } from '../state/documents.js';
import { keyFor } from '../state/key-guard.js';
import { openMetadata, releaseSegments, sealMetadata, sealSegment } from '../state/segments.js';
import { invalidInput, storageFailure } from '../state/storage-failures.js';
import type { StorageState } from '../state/storage-state.js';
import { requireAccount } from './accounts.js';
import { blobContent, checkLease, requireBlob, snapshotId } from './blobs.js';
import { checkCopyDestinationLease } from './check-copy-destination-lease.js';
import { etagOf, requireContainer } from './containers.js';

type Handlers = HandlerTable<typeof storageContract, StorageState>;

/**
 * Snapshot Blob shares the base blob's encrypted content (no key needed); with metadata headers the snapshot
 * gets its own metadata, encrypted under the data key: that needs the account key, as Azure documents.
 */
export const snapshotBlob: Handlers['snapshotBlob'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.account, ctx);
  const blob = await requireBlob(state, req.account, req.container, req.blob, ctx);
  const accountKey = await keyFor(state, account, 'snapshotBlob', { metadata: req.metadata }, ctx);
  const snapshot = new Date(ctx.clock.now()).toISOString().replace(/Z$/, '0000Z');
  // New metadata is bound to the snapshot's own blob id; otherwise the snapshot shares the blob's seal.
  const blobId = accountKey && req.metadata ? randomUUID() : blob.blobId;
  const copy: StoredBlob = {
    ...blob,
    blobId,
    snapshot,
    metadata: accountKey && req.metadata ? sealMetadata(req.metadata, accountKey, blobId) : blob.metadata,
    lease: undefined,
  };
  if (!(await state.store.blobs(req.account, req.container).create(snapshotId(blob.name, snapshot), copy))) {
    throw storageFailure('BlobAlreadyExists', ctx);
  }
  return { snapshot, etag: blob.etag };
};

/**
 * Copy Blob decrypts the source and encrypts under the destination's keys: it needs both accounts' keys. A leased
 * destination needs its (infinite) lease id, and keeps the lease.
 */
export const copyBlob: Handlers['copyBlob'] = async (req, state, ctx) => {
  const destination = await requireAccount(state, req.account, ctx);
  const bad = validateBlobName(req.blob);
  if (bad) throw invalidInput('InvalidResourceName', 'blob', bad, ctx);
  const badMetadata = req.metadata ? validateMetadata(req.metadata) : undefined;
  if (badMetadata) throw invalidInput('InvalidMetadata', 'metadata', badMetadata, ctx);
  await requireContainer(state, req.account, req.container, ctx);
  const sourceAccount = await requireAccount(state, req.source.account, ctx);
  const source = await requireBlob(state, req.source.account, req.source.container, req.source.blob, ctx);
  const destinationKey = (await keyFor(state, destination, 'copyBlob', {}, ctx))!;
  const sourceKey = (await keyFor(state, sourceAccount, 'copyBlob', {}, ctx))!;
  const content = await blobContent(state, source, sourceKey, 0, source.contentLength - 1);
  const blobId = randomUUID();
  const copy: StoredBlob = {
    ...source,
    name: req.blob,
    etag: etagOf(),
    lastModified: ctx.clock.now(),
    blobId,
    ...(source.pages
      ? { segments: [], pages: [{ ...(await sealSegment(state.store, content, destinationKey)), offset: 0 }] }
      : { segments: [await sealSegment(state.store, content, destinationKey)] }),
    metadata: sealMetadata(req.metadata ?? openMetadata(source, sourceKey), destinationKey, blobId),
    snapshot: undefined,
    lease: undefined,
  };
  let replaced: StoredBlob | undefined;
  await discardOnFailure(state.store, contentSegments(copy), () =>
    state.store.blobs(req.account, req.container).mutate(req.blob, (current) => {
      checkCopyDestinationLease(current, req.leaseId, ctx);
      replaced = current;
      // Azure locks the destination's lease during the copy rather than breaking it: the copy keeps it.
      return current?.lease ? { ...copy, lease: current.lease } : copy;
    }),
  );
  if (replaced) await releaseSegments(state.store, req.account, req.container, contentSegments(replaced));
  return { copyId: randomUUID(), copyStatus: 'success' as const, etag: copy.etag };
};

/** Set Blob Tier is on the documented list: it needs the key even though the content does not change here. */
export const setBlobTier: Handlers['setBlobTier'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.account, ctx);
  await requireBlob(state, req.account, req.container, req.blob, ctx);
  await keyFor(state, account, 'setBlobTier', {}, ctx);
  await state.store
    .blobs(req.account, req.container)
    .mutate(req.blob, (b) => (b ? { ...b, accessTier: req.tier } : b));
  return {};
};

/** System properties are not encrypted: Set Blob Properties proceeds during a revocation. */
export const setBlobProperties: Handlers['setBlobProperties'] = async (req, state, ctx) => {
  await requireAccount(state, req.account, ctx);
  await requireBlob(state, req.account, req.container, req.blob, ctx);
  const updated = await state.store.blobs(req.account, req.container).mutate(req.blob, (b) => {
    if (!b) throw storageFailure('BlobNotFound', ctx);
    checkLease(b, req.leaseId, ctx);
    return { ...b, contentType: req.contentType, etag: etagOf(), lastModified: ctx.clock.now() };
  });
  return { etag: updated!.etag, lastModified: new Date(updated!.lastModified).toUTCString() };
};

/** Leases (15–60 s or infinite, on the testbed clock) proceed during a revocation. */
export const leaseBlob: Handlers['leaseBlob'] = async (req, state, ctx) => {
  await requireAccount(state, req.account, ctx);
  await requireBlob(state, req.account, req.container, req.blob, ctx);
  const now = ctx.clock.now();
  let reply: { leaseId?: string; leaseState: 'leased' | 'available' | 'broken' } = {
    leaseState: 'available',
  };
  await state.store.blobs(req.account, req.container).mutate(req.blob, (b) => {
    if (!b) throw storageFailure('BlobNotFound', ctx);
    const active = activeLease(b, now);
    const expiresFor = (duration: number | undefined) => {
      if (duration === undefined || duration === -1) return undefined;
      if (duration < 15 || duration > 60)
        throw invalidInput(
          'InvalidHeaderValue',
          'duration',
          'must be -1 (infinite) or 15 to 60 seconds',
          ctx,
        );
      return now + duration * 1000;
    };
    switch (req.action) {
      case 'acquire': {
        if (active && active.id !== req.proposedLeaseId) throw storageFailure('LeaseAlreadyPresent', ctx);
        const id = req.proposedLeaseId ?? randomUUID();
        reply = { leaseId: id, leaseState: 'leased' };
        return { ...b, lease: { id, state: 'leased', expiresAt: expiresFor(req.duration) } };
      }
      case 'renew':
      case 'change':
      case 'release': {
        if (!b.lease) throw storageFailure('LeaseNotPresentWithLeaseOperation', ctx);
        if (req.leaseId !== b.lease.id) throw storageFailure('LeaseIdMismatchWithLeaseOperation', ctx);
        if (req.action === 'release') return { ...b, lease: undefined };
        const id = req.action === 'change' ? (req.proposedLeaseId ?? randomUUID()) : b.lease.id;
        reply = { leaseId: id, leaseState: 'leased' };
        return { ...b, lease: { id, state: 'leased', expiresAt: expiresFor(req.duration) } };
      }
      case 'break':
        if (!active) throw storageFailure('LeaseNotPresentWithLeaseOperation', ctx);
        reply = { leaseState: 'broken' };
        return { ...b, lease: { ...active, state: 'broken' } };
    }
  });
  return reply;
};
