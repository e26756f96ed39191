import { randomUUID } from 'node:crypto';
import type { HandlerContext, HandlerTable, storageContract } from '@cmk-testbed/shared';
import { validateMetadata } from '../rules/index.js';
import type { FileNode } from '../state/documents.js';
import { keyFor } from '../state/key-guard.js';
import { readPlaced } from '../state/ranged-content.js';
import { sealMetadata, sealSegment } from '../state/segments.js';
import { invalidInput, storageFailure } from '../state/storage-failures.js';
import type { StorageState } from '../state/storage-state.js';
import { requireAccount } from './accounts.js';
import { etagOf } from './containers.js';
import { checkNewPath, metadataOf, newNodeId, requireNode, writeNodeMetadata } from './file-nodes.js';

type Handlers = HandlerTable<typeof storageContract, StorageState>;
const maxReplyBytes = 1_000_000;

function properties(node: FileNode) {
  return {
    etag: node.etag,
    lastModified: new Date(node.lastModified).toUTCString(),
    contentLength: node.size ?? 0,
    contentType: node.contentType ?? 'application/octet-stream',
    serverEncrypted: true as const,
  };
}

async function fileFor(
  state: StorageState,
  req: { account: string; share: string; path: string },
  ctx: HandlerContext,
) {
  const account = await requireAccount(state, req.account, ctx);
  const node = await requireNode(state, req.account, req.share, req.path, 'file', ctx);
  return { account, node };
}

/** Every file operation but Delete File is on Azure Files' documented list: they need the key. */
export const createFile: Handlers['createFile'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.account, ctx);
  await checkNewPath(state, req.account, req.share, req.path, ctx);
  const bad = req.metadata ? validateMetadata(req.metadata) : undefined;
  if (bad) throw invalidInput('InvalidMetadata', 'metadata', bad, ctx);
  const accountKey = (await keyFor(state, account, 'createFile', {}, ctx))!;
  const nodeId = newNodeId();
  const node: FileNode = {
    kind: 'file',
    path: req.path,
    etag: etagOf(),
    lastModified: ctx.clock.now(),
    nodeId,
    metadata: sealMetadata(req.metadata, accountKey, nodeId),
    size: req.size,
    contentType: req.contentType ?? 'application/octet-stream',
    ranges: [],
  };
  const nodes = state.store.nodes(req.account, req.share);
  const existing = (await nodes.get(req.path))?.value;
  if (existing?.kind === 'directory') throw storageFailure('ResourceAlreadyExists', ctx);
  await nodes.put(req.path, node);
  for (const range of existing?.ranges ?? [])
    await state.store.deleteChunks(range.objectId, range.chunkCount);
  return { etag: node.etag, lastModified: new Date(node.lastModified).toUTCString() };
};

export const putRange: Handlers['putRange'] = async (req, state, ctx) => {
  const { account, node } = await fileFor(state, req, ctx);
  const content = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : Buffer.from(req.body);
  if (req.offset + content.length > (node.size ?? 0)) throw storageFailure('InvalidRange', ctx);
  const accountKey = (await keyFor(state, account, 'putRange', {}, ctx))!;
  const segment = { ...(await sealSegment(state.store, content, accountKey)), offset: req.offset };
  const updated = await state.store.nodes(req.account, req.share).mutate(req.path, (n) => {
    if (!n) throw storageFailure('ResourceNotFound', ctx);
    return { ...n, ranges: [...(n.ranges ?? []), segment], etag: etagOf(), lastModified: ctx.clock.now() };
  });
  return { etag: updated!.etag, contentLength: content.length };
};

export const getFile: Handlers['getFile'] = async (req, state, ctx) => {
  const { account, node } = await fileFor(state, req, ctx);
  const accountKey = (await keyFor(state, account, 'getFile', {}, ctx))!;
  const size = node.size ?? 0;
  const start = req.range?.start ?? 0;
  const end = Math.min(req.range?.end ?? size - 1, size - 1);
  if (size > 0 && (start >= size || end < start)) throw storageFailure('InvalidRange', ctx);
  if (end - start + 1 > maxReplyBytes)
    throw invalidInput(
      'InvalidInput',
      'range',
      `a reply holds at most ${maxReplyBytes} bytes; read this file in ranges`,
      ctx,
    );
  const body =
    size === 0 ? Buffer.alloc(0) : await readPlaced(state.store, node.ranges ?? [], accountKey, start, end);
  return { body: new Uint8Array(body), properties: properties(node), metadata: metadataOf(node, accountKey) };
};

export const getFileProperties: Handlers['getFileProperties'] = async (req, state, ctx) => {
  const { account, node } = await fileFor(state, req, ctx);
  const accountKey = (await keyFor(state, account, 'getFileProperties', {}, ctx))!;
  return { properties: properties(node), metadata: metadataOf(node, accountKey) };
};

export const setFileProperties: Handlers['setFileProperties'] = async (req, state, ctx) => {
  const { account } = await fileFor(state, req, ctx);
  await keyFor(state, account, 'setFileProperties', {}, ctx);
  const updated = await state.store.nodes(req.account, req.share).mutate(req.path, (n) => {
    if (!n) throw storageFailure('ResourceNotFound', ctx);
    // Shrinking drops the bytes past the new end: keep only writes that start before it (reads clip the rest).
    const size = req.size ?? n.size;
    const ranges = (n.ranges ?? []).filter((r) => size === undefined || r.offset < size);
    return {
      ...n,
      size,
      contentType: req.contentType ?? n.contentType,
      ranges,
      etag: etagOf(),
      lastModified: ctx.clock.now(),
    };
  });
  return { etag: updated!.etag };
};

export const getFileMetadata: Handlers['getFileMetadata'] = async (req, state, ctx) => {
  const { account, node } = await fileFor(state, req, ctx);
  const accountKey = (await keyFor(state, account, 'getFileMetadata', {}, ctx))!;
  return { metadata: metadataOf(node, accountKey), etag: node.etag };
};

export const setFileMetadata: Handlers['setFileMetadata'] = async (req, state, ctx) => {
  const { account, node } = await fileFor(state, req, ctx);
  const bad = validateMetadata(req.metadata);
  if (bad) throw invalidInput('InvalidMetadata', 'metadata', bad, ctx);
  const accountKey = (await keyFor(state, account, 'setFileMetadata', {}, ctx))!;
  return writeNodeMetadata(state, req, node, req.metadata, accountKey, ctx);
};

export const copyFile: Handlers['copyFile'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.account, ctx);
  const source = await requireNode(state, req.account, req.source.share, req.source.path, 'file', ctx);
  await checkNewPath(state, req.account, req.share, req.path, ctx);
  const accountKey = (await keyFor(state, account, 'copyFile', {}, ctx))!;
  const size = source.size ?? 0;
  const content =
    size === 0
      ? Buffer.alloc(0)
      : await readPlaced(state.store, source.ranges ?? [], accountKey, 0, size - 1);
  const nodeId = newNodeId();
  const node: FileNode = {
    ...source,
    path: req.path,
    etag: etagOf(),
    lastModified: ctx.clock.now(),
    nodeId,
    metadata: sealMetadata(metadataOf(source, accountKey), accountKey, nodeId),
    ranges: size === 0 ? [] : [{ ...(await sealSegment(state.store, content, accountKey)), offset: 0 }],
  };
  await state.store.nodes(req.account, req.share).put(req.path, node);
  return { copyId: randomUUID(), copyStatus: 'success' as const, etag: node.etag };
};

/** Rename keeps the file's content and seals (its node id): only its path changes. */
export const renameFile: Handlers['renameFile'] = async (req, state, ctx) => {
  const { account, node } = await fileFor(state, req, ctx);
  await checkNewPath(state, req.account, req.share, req.destination, ctx);
  await keyFor(state, account, 'renameFile', {}, ctx);
  const nodes = state.store.nodes(req.account, req.share);
  const existing = (await nodes.get(req.destination))?.value;
  if (existing && (!req.replaceIfExists || existing.kind !== 'file'))
    throw storageFailure('ResourceAlreadyExists', ctx);
  const moved = { ...node, path: req.destination, etag: etagOf(), lastModified: ctx.clock.now() };
  await nodes.put(req.destination, moved);
  await nodes.delete(req.path);
  for (const range of existing?.ranges ?? [])
    await state.store.deleteChunks(range.objectId, range.chunkCount);
  return { etag: moved.etag };
};

/** Delete File is not on the documented list: it proceeds during a revocation. */
export const deleteFile: Handlers['deleteFile'] = async (req, state, ctx) => {
  const { node } = await fileFor(state, req, ctx);
  await state.store.nodes(req.account, req.share).delete(req.path);
  for (const range of node.ranges ?? []) await state.store.deleteChunks(range.objectId, range.chunkCount);
  return {};
};
