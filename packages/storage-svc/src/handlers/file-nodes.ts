import { randomUUID } from 'node:crypto';
import type { HandlerContext } from '@cmk-testbed/shared';
import { validateDirectoryOrFileName } from '../rules/index.js';
import type { FileNode } from '../state/documents.js';
import { openMetadata, sealMetadata } from '../state/segments.js';
import { invalidInput, storageFailure } from '../state/storage-failures.js';
import type { StorageState } from '../state/storage-state.js';
import { etagOf } from './containers.js';
import { requireShare } from './shares.js';

/** The parent directory of a path (`''` for the share root). */
export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Checks each name of a path and that its parent directory exists (404 ParentNotFound otherwise). */
export async function checkNewPath(
  state: StorageState,
  account: string,
  share: string,
  path: string,
  ctx: HandlerContext,
): Promise<void> {
  await requireShare(state, account, share, ctx);
  for (const name of path.split('/')) {
    const bad = validateDirectoryOrFileName(name);
    if (bad) throw invalidInput('InvalidResourceName', 'path', `'${name}': ${bad}`, ctx);
  }
  const parent = parentOf(path);
  if (parent && (await state.store.nodes(account, share).get(parent))?.value.kind !== 'directory') {
    throw storageFailure('ParentNotFound', ctx);
  }
}

export async function requireNode(
  state: StorageState,
  account: string,
  share: string,
  path: string,
  kind: FileNode['kind'],
  ctx: HandlerContext,
): Promise<FileNode> {
  await requireShare(state, account, share, ctx);
  const node = (await state.store.nodes(account, share).get(path))?.value;
  if (!node || node.kind !== kind) throw storageFailure('ResourceNotFound', ctx);
  return node;
}

export function newNodeId(): string {
  return randomUUID();
}

/** A directory's or file's metadata, sealed like a blob's (the seal's associated data is the node id). */
export function metadataOf(node: FileNode, accountKey: Buffer): Record<string, string> {
  return openMetadata({ blobId: node.nodeId, metadata: node.metadata }, accountKey);
}

/** Replaces a directory's or file's metadata (sealed with the account key); returns the new etag. */
export async function writeNodeMetadata(
  state: StorageState,
  at: { account: string; share: string; path: string },
  node: FileNode,
  metadata: Record<string, string>,
  accountKey: Buffer,
  ctx: HandlerContext,
): Promise<{ etag: string }> {
  const updated = await state.store.nodes(at.account, at.share).mutate(at.path, (n) =>
    n
      ? {
          ...n,
          metadata: sealMetadata(metadata, accountKey, node.nodeId),
          etag: etagOf(),
          lastModified: ctx.clock.now(),
        }
      : n,
  );
  return { etag: updated!.etag };
}
