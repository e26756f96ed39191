import { randomUUID } from 'node:crypto';
import type { HandlerContext, HandlerTable, storageContract } from '@cmk-testbed/shared';
import { validateBlobName, validateMetadata } from '../rules/index.js';
import { activeLease } from '../state/active-lease.js';
import {
  type BlobListPosition,
  decodeBlobListMarker,
  encodeBlobListMarker,
} from '../state/blob-list-marker.js';
import { contentSegments } from '../state/content-segments.js';
import { discardOnFailure } from '../state/discard-on-failure.js';
import { discardStaged } from '../state/discard-staged.js';
import type { Segment, StoredAccount, StoredBlob } from '../state/documents.js';
import { keyFor } from '../state/key-guard.js';
import { readPlaced } from '../state/ranged-content.js';
import { openMetadata, readContent, releaseSegments, sealMetadata, sealSegment } from '../state/segments.js';
import { invalidInput, storageFailure } from '../state/storage-failures.js';
import type { StorageState } from '../state/storage-state.js';
import { requireAccount } from './accounts.js';
import { etagOf, requireContainer } from './containers.js';

type Handlers = HandlerTable<typeof storageContract, StorageState>;

/** Replies travel as one NATS message (1 MiB by default); larger reads must ask for a range. */
const maxReplyBytes = 1_000_000;

export function properties(b: StoredBlob) {
  return {
    etag: b.etag,
    lastModified: new Date(b.lastModified).toUTCString(),
    contentLength: b.contentLength,
    contentType: b.contentType,
    blobType: b.blobType,
    accessTier: b.accessTier,
    serverEncrypted: true as const,
    leaseState: b.lease?.state ?? ('available' as const),
    ...(b.snapshot ? { snapshot: b.snapshot } : {}),
  };
}

export async function requireBlob(
  state: StorageState,
  account: string,
  container: string,
  blob: string,
  ctx: HandlerContext,
) {
  await requireContainer(state, account, container, ctx);
  const found = (await state.store.blobs(account, container).get(blob))?.value;
  if (!found) throw storageFailure('BlobNotFound', ctx);
  return found;
}

interface Target {
  account: StoredAccount;
  req: { account: string; container: string; blob: string };
}

async function target(
  state: StorageState,
  req: { account: string; container: string; blob: string },
  ctx: HandlerContext,
): Promise<Target> {
  return { account: await requireAccount(state, req.account, ctx), req };
}

/**
 * Put Blob: content and metadata are encrypted under a fresh per-object data key, itself wrapped by the
 * account key. Needs the key: 403 while it is unavailable.
 */
export const putBlob: Handlers['putBlob'] = async (req, state, ctx) => {
  const { account } = await target(state, req, ctx);
  const bad = validateBlobName(req.blob);
  if (bad) throw invalidInput('InvalidResourceName', 'blob', bad, ctx);
  const badMetadata = req.metadata ? validateMetadata(req.metadata) : undefined;
  if (badMetadata) throw invalidInput('InvalidMetadata', 'metadata', badMetadata, ctx);
  await requireContainer(state, req.account, req.container, ctx);
  const accountKey = (await keyFor(state, account, 'putBlob', {}, ctx))!;
  const content = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : Buffer.from(req.body);
  const blobId = randomUUID();
  const pageBlob = req.blobType === 'PageBlob';
  if (pageBlob && (req.size === undefined || req.size % 512 !== 0 || content.length > 0)) {
    throw invalidInput(
      'InvalidHeaderValue',
      'size',
      'a page blob is created empty with a size that is a multiple of 512',
      ctx,
    );
  }
  const blob: StoredBlob = {
    name: req.blob,
    etag: etagOf(),
    lastModified: ctx.clock.now(),
    contentLength: pageBlob ? req.size! : content.length,
    contentType: req.contentType ?? 'application/octet-stream',
    blobType: req.blobType ?? 'BlockBlob',
    accessTier: 'Hot',
    blobId,
    segments:
      content.length > 0 || req.blobType !== 'AppendBlob'
        ? [await sealSegment(state.store, content, accountKey)]
        : [],
    metadata: sealMetadata(req.metadata, accountKey, blobId),
  };
  let replaced: StoredBlob | undefined;
  await discardOnFailure(state.store, blob.segments, () =>
    state.store.blobs(req.account, req.container).mutate(req.blob, (current) => {
      checkLease(current, req.leaseId, ctx);
      replaced = current;
      // A lease belongs to the blob, not to its content: rewriting the blob keeps it.
      return current?.lease ? { ...blob, lease: current.lease } : blob;
    }),
  );
  // Azure garbage-collects a blob's uncommitted blocks when Put Blob writes it.
  const staged = await discardStaged(state.store, req.account, req.container, req.blob);
  const old = replaced ? contentSegments(replaced) : [];
  await releaseSegments(state.store, req.account, req.container, [...old, ...staged]);
  return {
    etag: blob.etag,
    lastModified: new Date(blob.lastModified).toUTCString(),
    contentLength: blob.contentLength,
  };
};

export const getBlob: Handlers['getBlob'] = async (req, state, ctx) => {
  const { account } = await target(state, req, ctx);
  const blob = await requireBlob(state, req.account, req.container, req.blob, ctx);
  const accountKey = (await keyFor(state, account, 'getBlob', {}, ctx))!;
  const start = req.range?.start ?? 0;
  const end = Math.min(req.range?.end ?? blob.contentLength - 1, blob.contentLength - 1);
  if (blob.contentLength > 0 && (start >= blob.contentLength || end < start))
    throw storageFailure('InvalidRange', ctx);
  if (end - start + 1 > maxReplyBytes) {
    throw invalidInput(
      'InvalidInput',
      'range',
      `a reply holds at most ${maxReplyBytes} bytes; read this ${blob.contentLength}-byte blob in ranges`,
      ctx,
    );
  }
  const body = await blobContent(state, blob, accountKey, start, end);
  return {
    body: new Uint8Array(body),
    properties: properties(blob),
    metadata: openMetadata(blob, accountKey),
  };
};

export const getBlobProperties: Handlers['getBlobProperties'] = async (req, state, ctx) => {
  const { account } = await target(state, req, ctx);
  const blob = await requireBlob(state, req.account, req.container, req.blob, ctx);
  const accountKey = (await keyFor(state, account, 'getBlobProperties', {}, ctx))!;
  return { properties: properties(blob), metadata: openMetadata(blob, accountKey) };
};

export const getBlobMetadata: Handlers['getBlobMetadata'] = async (req, state, ctx) => {
  const { account } = await target(state, req, ctx);
  const blob = await requireBlob(state, req.account, req.container, req.blob, ctx);
  const accountKey = (await keyFor(state, account, 'getBlobMetadata', {}, ctx))!;
  return { metadata: openMetadata(blob, accountKey), etag: blob.etag };
};

export const setBlobMetadata: Handlers['setBlobMetadata'] = async (req, state, ctx) => {
  const { account } = await target(state, req, ctx);
  const badMetadata = validateMetadata(req.metadata);
  if (badMetadata) throw invalidInput('InvalidMetadata', 'metadata', badMetadata, ctx);
  const blob = await requireBlob(state, req.account, req.container, req.blob, ctx);
  const accountKey = (await keyFor(state, account, 'setBlobMetadata', {}, ctx))!;
  const sealed = sealMetadata(req.metadata, accountKey, blob.blobId);
  const updated = await state.store.blobs(req.account, req.container).mutate(req.blob, (current) => {
    if (!current) throw storageFailure('BlobNotFound', ctx);
    return { ...current, metadata: sealed, etag: etagOf(), lastModified: ctx.clock.now() };
  });
  return { etag: updated!.etag, lastModified: new Date(updated!.lastModified).toUTCString() };
};

/**
 * Delete Blob is not on the documented list: it proceeds during a revocation. A leased blob needs its lease
 * id, even to delete only its snapshots; a blob with snapshots needs deleteSnapshots (Azure: 409 SnapshotsPresent
 * otherwise). Deleting the blob also discards its uncommitted blocks; the bytes of all of it are freed once no
 * document points at them.
 */
export const deleteBlob: Handlers['deleteBlob'] = async (req, state, ctx) => {
  await requireAccount(state, req.account, ctx);
  const blob = await requireBlob(state, req.account, req.container, req.blob, ctx);
  const docs = state.store.blobs(req.account, req.container);
  const snapshots = (await docs.list()).filter((b) => b.snapshot && b.name === req.blob);
  if (req.deleteSnapshots === undefined && snapshots.length > 0)
    throw storageFailure('SnapshotsPresent', ctx);
  const withBase = req.deleteSnapshots !== 'only';
  // Azure's x-ms-lease-id is "required if the blob has an active lease", and deleteSnapshots=only still addresses
  // the leased base blob. Checked first: a delete refused for the lease must not have taken the snapshots with it.
  checkLease(blob, req.leaseId, ctx);
  const released: Segment[] = [];
  for (const snapshot of snapshots) {
    await docs.delete(snapshotId(snapshot.name, snapshot.snapshot!));
    released.push(...contentSegments(snapshot));
  }
  if (withBase) {
    // What is stored now, not what was read: an append or a page written meanwhile is freed too.
    let deleted: StoredBlob | undefined;
    await docs.mutate(req.blob, (current) => {
      checkLease(current, req.leaseId, ctx);
      deleted = current;
      return undefined;
    });
    if (deleted) released.push(...contentSegments(deleted));
    released.push(...(await discardStaged(state.store, req.account, req.container, req.blob)));
  }
  await releaseSegments(state.store, req.account, req.container, released);
  return {};
};

/** The document id of a snapshot: the blob name and its time stamp, as Azure's `?snapshot=` URL. */
export function snapshotId(name: string, snapshot: string): string {
  return `${name}?snapshot=${snapshot}`;
}

/** A write to a leased blob must carry the lease id (412 LeaseIdMissing / LeaseIdMismatchWithBlobOperation). */
export function checkLease(
  blob: StoredBlob | undefined,
  leaseId: string | undefined,
  ctx: HandlerContext,
): void {
  const lease = activeLease(blob, ctx.clock.now());
  if (!lease) return;
  if (!leaseId) throw storageFailure('LeaseIdMissing', ctx);
  if (leaseId !== lease.id) throw storageFailure('LeaseIdMismatchWithBlobOperation', ctx);
}

/** List Blobs needs the key only with include=metadata: names and properties are not encrypted. */
export const listBlobs: Handlers['listBlobs'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.account, ctx);
  await requireContainer(state, req.account, req.container, ctx);
  const accountKey = await keyFor(state, account, 'listBlobs', { include: req.include }, ctx);
  const withSnapshots = req.include?.includes('snapshots') ?? false;
  const all = (await state.store.blobs(req.account, req.container).list())
    .filter((b) => (!b.snapshot || withSnapshots) && (!req.prefix || b.name.startsWith(req.prefix)))
    .sort(compareListed);
  const position = req.marker ? decodeBlobListMarker(req.marker) : undefined;
  const from = position ? all.findIndex((b) => compareListed(b, position) > 0) : 0;
  const page = from < 0 ? [] : all.slice(from, from + req.maxresults);
  const more = from >= 0 && from + req.maxresults < all.length;
  return {
    blobs: page.map((b) => ({
      name: b.name,
      properties: properties(b),
      ...(accountKey ? { metadata: openMetadata(b, accountKey) } : {}),
    })),
    ...(more ? { nextMarker: encodeBlobListMarker(page.at(-1)!) } : {}),
  };
};

/** Listing order: by name, a blob's snapshots (oldest first) before the blob itself. */
function compareListed(a: BlobListPosition, b: BlobListPosition): number {
  return compareCodePoints(a.name, b.name) || compareCodePoints(a.snapshot ?? '~', b.snapshot ?? '~');
}

/** Azure lists in code-point order, snapshots (oldest first) before their base blob; not locale order. */
function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Bytes `start..end` of a blob of any type: block and append blobs are segments, page blobs placed pages. */
export async function blobContent(
  state: StorageState,
  blob: StoredBlob,
  accountKey: Buffer,
  start: number,
  end: number,
): Promise<Buffer> {
  if (blob.contentLength === 0) return Buffer.alloc(0);
  if (blob.pages) return readPlaced(state.store, blob.pages, accountKey, start, end);
  return readContent(state.store, blob.segments, accountKey, start, end);
}
