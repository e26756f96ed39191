import { createHash } from 'node:crypto';
import type { HandlerContext, HandlerTable, storageContract } from '@cmk-testbed/shared';
import {
  decryptMetadata,
  encryptMetadata,
  newDataKey,
  unwrapDataKey,
  wrapDataKey,
} from '../envelope/index.js';
import { validateShareName } from '../rules/index.js';
import type { StoredShare } from '../state/documents.js';
import { keyFor } from '../state/key-guard.js';
import { invalidInput, storageFailure } from '../state/storage-failures.js';
import type { StorageState } from '../state/storage-state.js';
import { requireAccount } from './accounts.js';
import { etagOf } from './containers.js';

type Handlers = HandlerTable<typeof storageContract, StorageState>;

export async function requireShare(
  state: StorageState,
  account: string,
  share: string,
  ctx: HandlerContext,
): Promise<StoredShare> {
  const found = (await state.store.shares(account).get(share))?.value;
  if (!found) throw storageFailure('ShareNotFound', ctx);
  return found;
}

/** Share operations are not on the documented Files list: they proceed during a revocation. */
export const createShare: Handlers['createShare'] = async (req, state, ctx) => {
  await requireAccount(state, req.account, ctx);
  const bad = validateShareName(req.share);
  if (bad) throw invalidInput('InvalidResourceName', 'share', bad, ctx);
  const share: StoredShare = {
    name: req.share,
    etag: etagOf(),
    lastModified: ctx.clock.now(),
    quota: req.quota ?? 102_400,
    metadata: req.metadata ?? {},
  };
  if (!(await state.store.shares(req.account).create(req.share, share)))
    throw storageFailure('ShareAlreadyExists', ctx);
  return { etag: share.etag, lastModified: new Date(share.lastModified).toUTCString() };
};

export const deleteShare: Handlers['deleteShare'] = async (req, state, ctx) => {
  await requireAccount(state, req.account, ctx);
  await requireShare(state, req.account, req.share, ctx);
  const nodes = state.store.nodes(req.account, req.share);
  for (const node of await nodes.list()) {
    await nodes.delete(node.path);
    for (const range of node.ranges ?? []) await state.store.deleteChunks(range.objectId, range.chunkCount);
  }
  for (const permission of await state.store.permissions(req.account, req.share).list()) {
    await state.store.permissions(req.account, req.share).delete(permission.key);
  }
  await state.store.shares(req.account).delete(req.share);
  return {};
};

/**
 * Create Permission stores an SDDL descriptor sealed under the account key and returns a key derived from
 * its text (the same descriptor gets the same key, as in Azure). Both permission operations need the key.
 */
export const createPermission: Handlers['createPermission'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.account, ctx);
  await requireShare(state, req.account, req.share, ctx);
  const accountKey = (await keyFor(state, account, 'createPermission', {}, ctx))!;
  const permissionKey = `${BigInt(`0x${createHash('sha256').update(req.permission).digest('hex').slice(0, 15)}`)}*${BigInt(`0x${createHash('sha256').update(`${req.permission}#`).digest('hex').slice(0, 15)}`)}`;
  const key = newDataKey();
  await state.store.permissions(req.account, req.share).put(permissionKey, {
    key: permissionKey,
    wrappedKey: wrapDataKey(key, accountKey, permissionKey).toString('base64'),
    sealed: encryptMetadata({ sddl: req.permission }, key, permissionKey).toString('base64'),
  });
  return { permissionKey };
};

export const getPermission: Handlers['getPermission'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.account, ctx);
  await requireShare(state, req.account, req.share, ctx);
  const stored = (await state.store.permissions(req.account, req.share).get(req.permissionKey))?.value;
  if (!stored) throw storageFailure('ResourceNotFound', ctx);
  const accountKey = (await keyFor(state, account, 'getPermission', {}, ctx))!;
  const key = unwrapDataKey(Buffer.from(stored.wrappedKey, 'base64'), accountKey, stored.key);
  return { permission: decryptMetadata(Buffer.from(stored.sealed, 'base64'), key, stored.key).sddl ?? '' };
};
