import type { HandlerTable, storageContract } from '@cmk-testbed/shared';
import { validateMetadata } from '../rules/index.js';
import type { FileNode } from '../state/documents.js';
import { keyFor } from '../state/key-guard.js';
import { sealMetadata } from '../state/segments.js';
import { invalidInput, storageFailure } from '../state/storage-failures.js';
import type { StorageState } from '../state/storage-state.js';
import { requireAccount } from './accounts.js';
import { etagOf } from './containers.js';
import {
  checkNewPath,
  metadataOf,
  newNodeId,
  parentOf,
  requireNode,
  writeNodeMetadata,
} from './file-nodes.js';

type Handlers = HandlerTable<typeof storageContract, StorageState>;

/** Azure Files' documented list includes Create Directory: it needs the key. */
export const createDirectory: Handlers['createDirectory'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.account, ctx);
  await checkNewPath(state, req.account, req.share, req.path, ctx);
  const bad = req.metadata ? validateMetadata(req.metadata) : undefined;
  if (bad) throw invalidInput('InvalidMetadata', 'metadata', bad, ctx);
  const accountKey = (await keyFor(state, account, 'createDirectory', {}, ctx))!;
  const nodeId = newNodeId();
  const node: FileNode = {
    kind: 'directory',
    path: req.path,
    etag: etagOf(),
    lastModified: ctx.clock.now(),
    nodeId,
    metadata: sealMetadata(req.metadata, accountKey, nodeId),
  };
  if (!(await state.store.nodes(req.account, req.share).create(req.path, node)))
    throw storageFailure('ResourceAlreadyExists', ctx);
  return { etag: node.etag };
};

/** Delete Directory is not on the list: it proceeds (an empty directory only, 409 otherwise). */
export const deleteDirectory: Handlers['deleteDirectory'] = async (req, state, ctx) => {
  await requireAccount(state, req.account, ctx);
  await requireNode(state, req.account, req.share, req.path, 'directory', ctx);
  const nodes = state.store.nodes(req.account, req.share);
  if ((await nodes.list()).some((n) => parentOf(n.path) === req.path))
    throw storageFailure('DirectoryNotEmpty', ctx);
  await nodes.delete(req.path);
  return {};
};

export const getDirectoryProperties: Handlers['getDirectoryProperties'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.account, ctx);
  const node = await requireNode(state, req.account, req.share, req.path, 'directory', ctx);
  const accountKey = (await keyFor(state, account, 'getDirectoryProperties', {}, ctx))!;
  return {
    etag: node.etag,
    lastModified: new Date(node.lastModified).toUTCString(),
    metadata: metadataOf(node, accountKey),
  };
};

export const setDirectoryMetadata: Handlers['setDirectoryMetadata'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.account, ctx);
  const bad = validateMetadata(req.metadata);
  if (bad) throw invalidInput('InvalidMetadata', 'metadata', bad, ctx);
  const node = await requireNode(state, req.account, req.share, req.path, 'directory', ctx);
  const accountKey = (await keyFor(state, account, 'setDirectoryMetadata', {}, ctx))!;
  return writeNodeMetadata(state, req, node, req.metadata, accountKey, ctx);
};

/** Listing is on the documented Files list (unlike blob listing without metadata): it needs the key. */
export const listDirectoriesAndFiles: Handlers['listDirectoriesAndFiles'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.account, ctx);
  if (req.path) await requireNode(state, req.account, req.share, req.path, 'directory', ctx);
  await keyFor(state, account, 'listDirectoriesAndFiles', {}, ctx);
  const parent = req.path ?? '';
  const entries = (await state.store.nodes(req.account, req.share).list())
    .filter((n) => parentOf(n.path) === parent)
    .map((n) => ({
      name: n.path.slice(parent ? parent.length + 1 : 0),
      kind: n.kind,
      ...(n.kind === 'file' ? { size: n.size ?? 0 } : {}),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { entries };
};
