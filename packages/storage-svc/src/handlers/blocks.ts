import { randomUUID } from 'node:crypto';
import type { HandlerContext, HandlerTable, storageContract } from '@cmk-testbed/shared';
import { contentSegments } from '../state/content-segments.js';
import { discardOnFailure } from '../state/discard-on-failure.js';
import { discardStaged } from '../state/discard-staged.js';
import type { Segment, StoredBlob } from '../state/documents.js';
import { keyFor } from '../state/key-guard.js';
import { releaseSegments, sealSegment } from '../state/segments.js';
import { storageFailure } from '../state/storage-failures.js';
import type { StorageState } from '../state/storage-state.js';
import { requireAccount } from './accounts.js';
import { checkLease, requireBlob } from './blobs.js';
import { etagOf, requireContainer } from './containers.js';

type Handlers = HandlerTable<typeof storageContract, StorageState>;

/** Azure's cap on committed blocks (and on append blocks) per blob. */
const maxBlocks = 50_000;

/** A block id is Base64 of at most 64 bytes. */
function checkBlockId(blockId: string, ctx: HandlerContext): void {
  const decoded = Buffer.from(blockId, 'base64');
  if (decoded.length === 0 || decoded.length > 64 || decoded.toString('base64') !== blockId)
    throw storageFailure('InvalidBlockId', ctx);
}

/** Put Block encrypts the block at once under its own data key: it needs the account key. */
export const putBlock: Handlers['putBlock'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.account, ctx);
  await requireContainer(state, req.account, req.container, ctx);
  checkBlockId(req.blockId, ctx);
  const accountKey = (await keyFor(state, account, 'putBlock', {}, ctx))!;
  const content = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : Buffer.from(req.body);
  const segment = await sealSegment(state.store, content, accountKey, req.blockId);
  let replaced: Segment | undefined;
  await state.store.staged(req.account, req.container).mutate(req.blob, (current) => {
    const blocks = current?.blocks ?? [];
    replaced = blocks.find((b) => b.blockId === req.blockId);
    return { blob: req.blob, blocks: [...blocks.filter((b) => b.blockId !== req.blockId), segment] };
  });
  if (replaced) await releaseSegments(state.store, req.account, req.container, [replaced]);
  return { contentLength: content.length };
};

/**
 * Put Block List only points at blocks that are already encrypted, so it proceeds during a revocation (the
 * documented list names Put Block, not Put Block List). Uncommitted blocks not in the list are discarded.
 */
export const putBlockList: Handlers['putBlockList'] = async (req, state, ctx) => {
  await requireAccount(state, req.account, ctx);
  await requireContainer(state, req.account, req.container, ctx);
  if (req.blocks.length > maxBlocks) throw storageFailure('BlockCountExceedsLimit', ctx);
  const docs = state.store.blobs(req.account, req.container);
  const current = (await docs.get(req.blob))?.value;
  if (current && current.blobType !== 'BlockBlob') throw storageFailure('InvalidBlobType', ctx);
  const staged = (await state.store.staged(req.account, req.container).get(req.blob))?.value.blocks ?? [];
  const committed = current?.segments ?? [];
  const segments = req.blocks.map((entry) => {
    const { id, list } = typeof entry === 'string' ? { id: entry, list: 'latest' as const } : entry;
    const fromStaged = list !== 'committed' ? staged.find((b) => b.blockId === id) : undefined;
    const fromCommitted = list !== 'uncommitted' ? committed.find((b) => b.blockId === id) : undefined;
    const found =
      list === 'committed'
        ? fromCommitted
        : list === 'uncommitted'
          ? fromStaged
          : (fromStaged ?? fromCommitted);
    if (!found) throw storageFailure('InvalidBlockList', ctx);
    return found;
  });
  const blob: StoredBlob = {
    name: req.blob,
    etag: etagOf(),
    lastModified: ctx.clock.now(),
    contentLength: segments.reduce((sum, s) => sum + s.length, 0),
    contentType: req.contentType ?? current?.contentType ?? 'application/octet-stream',
    blobType: 'BlockBlob',
    accessTier: current?.accessTier ?? 'Hot',
    blobId: current?.blobId ?? randomUUID(),
    segments,
    ...(current?.metadata ? { metadata: current.metadata } : {}),
  };
  let replaced: StoredBlob | undefined;
  await docs.mutate(req.blob, (existing) => {
    checkLease(existing, req.leaseId, ctx);
    replaced = existing;
    return existing?.lease ? { ...blob, lease: existing.lease } : blob;
  });
  // What is removed, not what was read: a block staged meanwhile is discarded with the others, and a blob
  // written meanwhile by another request is the one replaced, and freed.
  const discarded = await discardStaged(state.store, req.account, req.container, req.blob);
  const kept = new Set(segments.map((s) => s.objectId));
  await releaseSegments(
    state.store,
    req.account,
    req.container,
    [...discarded, ...(replaced ? contentSegments(replaced) : [])].filter((s) => !kept.has(s.objectId)),
  );
  return {
    etag: blob.etag,
    lastModified: new Date(blob.lastModified).toUTCString(),
    contentLength: blob.contentLength,
  };
};

export const getBlockList: Handlers['getBlockList'] = async (req, state, ctx) => {
  await requireAccount(state, req.account, ctx);
  await requireContainer(state, req.account, req.container, ctx);
  const blob = (await state.store.blobs(req.account, req.container).get(req.blob))?.value;
  const staged = (await state.store.staged(req.account, req.container).get(req.blob))?.value.blocks ?? [];
  if (!blob && staged.length === 0) throw storageFailure('BlobNotFound', ctx);
  const show = (s: Segment) => ({ name: s.blockId ?? '', size: s.length });
  return {
    committedBlocks: req.blocklisttype === 'uncommitted' ? [] : (blob?.segments ?? []).map(show),
    uncommittedBlocks: req.blocklisttype === 'committed' ? [] : staged.map(show),
  };
};

/** Append Block encrypts the new block under its own data key: it needs the account key. */
export const appendBlock: Handlers['appendBlock'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.account, ctx);
  const blob = await requireBlob(state, req.account, req.container, req.blob, ctx);
  if (blob.blobType !== 'AppendBlob') throw storageFailure('InvalidBlobType', ctx);
  if (blob.segments.length >= maxBlocks) throw storageFailure('BlockCountExceedsLimit', ctx);
  const accountKey = (await keyFor(state, account, 'appendBlock', {}, ctx))!;
  const content = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : Buffer.from(req.body);
  const segment = await sealSegment(state.store, content, accountKey);
  let appendOffset = 0;
  const updated = await discardOnFailure(state.store, [segment], () =>
    state.store.blobs(req.account, req.container).mutate(req.blob, (current) => {
      if (!current) throw storageFailure('BlobNotFound', ctx);
      // Checked again on what is stored now: the blob may have been replaced since it was read.
      if (current.blobType !== 'AppendBlob') throw storageFailure('InvalidBlobType', ctx);
      if (current.segments.length >= maxBlocks) throw storageFailure('BlockCountExceedsLimit', ctx);
      checkLease(current, req.leaseId, ctx);
      appendOffset = current.contentLength;
      return {
        ...current,
        segments: [...current.segments, segment],
        contentLength: current.contentLength + content.length,
        etag: etagOf(),
        lastModified: ctx.clock.now(),
      };
    }),
  );
  return { appendOffset, committedBlockCount: updated!.segments.length, etag: updated!.etag };
};

/** Put Page writes 512-byte-aligned pages under a new data key: it needs the account key. */
export const putPage: Handlers['putPage'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.account, ctx);
  const blob = await requireBlob(state, req.account, req.container, req.blob, ctx);
  if (blob.blobType !== 'PageBlob') throw storageFailure('InvalidBlobType', ctx);
  const content = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : Buffer.from(req.body);
  if (req.offset % 512 !== 0 || content.length % 512 !== 0 || content.length === 0)
    throw storageFailure('InvalidPageRange', ctx);
  if (req.offset + content.length > blob.contentLength) throw storageFailure('InvalidRange', ctx);
  const accountKey = (await keyFor(state, account, 'putPage', {}, ctx))!;
  const page = { ...(await sealSegment(state.store, content, accountKey)), offset: req.offset };
  const updated = await discardOnFailure(state.store, [page], () =>
    state.store.blobs(req.account, req.container).mutate(req.blob, (current) => {
      if (!current) throw storageFailure('BlobNotFound', ctx);
      // Checked again on what is stored now: the blob may have been replaced since it was read.
      if (current.blobType !== 'PageBlob') throw storageFailure('InvalidBlobType', ctx);
      if (req.offset + content.length > current.contentLength) throw storageFailure('InvalidRange', ctx);
      checkLease(current, req.leaseId, ctx);
      return {
        ...current,
        pages: [...(current.pages ?? []), page],
        etag: etagOf(),
        lastModified: ctx.clock.now(),
      };
    }),
  );
  return { etag: updated!.etag, contentLength: content.length };
};
