import { randomUUID } from 'node:crypto';
import type { HandlerContext, HandlerTable, storageContract } from '@cmk-testbed/shared';
import { validateContainerName, validateMetadata } from '../rules/index.js';
import type { StoredContainer } from '../state/documents.js';
import { purgeStoredData } from '../state/purge-stored-data.js';
import { invalidInput, storageFailure } from '../state/storage-failures.js';
import type { StorageState } from '../state/storage-state.js';
import { requireAccount } from './accounts.js';

type Handlers = HandlerTable<typeof storageContract, StorageState>;

export function etagOf(): string {
  return `"0x${randomUUID().replace(/-/g, '').slice(0, 15).toUpperCase()}"`;
}

function present(c: StoredContainer, withMetadata = true) {
  return {
    name: c.name,
    properties: { etag: c.etag, lastModified: new Date(c.lastModified).toUTCString() },
    ...(withMetadata ? { metadata: c.metadata } : {}),
  };
}

export async function requireContainer(
  state: StorageState,
  account: string,
  name: string,
  ctx: HandlerContext,
): Promise<StoredContainer> {
  const container = (await state.store.containers(account).get(name))?.value;
  if (!container) throw storageFailure('ContainerNotFound', ctx);
  return container;
}

function checkMetadata(metadata: Record<string, string> | undefined, ctx: HandlerContext): void {
  const reason = metadata ? validateMetadata(metadata) : undefined;
  if (reason) throw invalidInput('InvalidMetadata', 'metadata', reason, ctx);
}

/** Container operations never touch the account key: they proceed during a revocation. */
export const createContainer: Handlers['createContainer'] = async (req, state, ctx) => {
  await requireAccount(state, req.account, ctx);
  const bad = validateContainerName(req.container);
  if (bad) throw invalidInput('InvalidResourceName', 'container', bad, ctx);
  checkMetadata(req.metadata, ctx);
  const container: StoredContainer = {
    name: req.container,
    etag: etagOf(),
    lastModified: ctx.clock.now(),
    metadata: req.metadata ?? {},
  };
  if (!(await state.store.containers(req.account).create(req.container, container)))
    throw storageFailure('ContainerAlreadyExists', ctx);
  return present(container);
};

export const deleteContainer: Handlers['deleteContainer'] = async (req, state, ctx) => {
  await requireAccount(state, req.account, ctx);
  await requireContainer(state, req.account, req.container, ctx);
  // Blobs, snapshots, page-blob pages and staged blocks, and their bytes; the container goes last.
  await purgeStoredData(state.store, state.store.containerContentKeys(req.account, req.container));
  await state.store.containers(req.account).delete(req.container);
  return {};
};

export const listContainers: Handlers['listContainers'] = async (req, state, ctx) => {
  await requireAccount(state, req.account, ctx);
  const withMetadata = req.include?.includes('metadata') ?? false;
  const all = await state.store.containers(req.account).list();
  return {
    containers: all
      .filter((c) => !req.prefix || c.name.startsWith(req.prefix))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((c) => present(c, withMetadata)),
  };
};

export const getContainerProperties: Handlers['getContainerProperties'] = async (req, state, ctx) => {
  await requireAccount(state, req.account, ctx);
  return present(await requireContainer(state, req.account, req.container, ctx));
};

export const setContainerMetadata: Handlers['setContainerMetadata'] = async (req, state, ctx) => {
  await requireAccount(state, req.account, ctx);
  checkMetadata(req.metadata, ctx);
  await requireContainer(state, req.account, req.container, ctx);
  const updated = await state.store
    .containers(req.account)
    .mutate(req.container, (c) =>
      c ? { ...c, metadata: req.metadata, etag: etagOf(), lastModified: ctx.clock.now() } : c,
    );
  return present(updated!);
};
