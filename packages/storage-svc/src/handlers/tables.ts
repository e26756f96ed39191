import type { HandlerContext, HandlerTable, storageContract } from '@cmk-testbed/shared';
import { validateTableName } from '../rules/index.js';
import type { StoredEntity } from '../state/documents.js';
import { keyForData, openValue, sealValue } from '../state/sealed-values.js';
import { invalidInput, storageFailure } from '../state/storage-failures.js';
import type { StorageState } from '../state/storage-state.js';
import { requireAccount } from './accounts.js';

type Handlers = HandlerTable<typeof storageContract, StorageState>;
type Value = string | number | boolean;

async function requireTable(
  state: StorageState,
  account: string,
  table: string,
  ctx: HandlerContext,
): Promise<void> {
  if (!(await state.store.tables(account).get(table))) throw storageFailure('TableNotFound', ctx);
}

const entityId = (partitionKey: string, rowKey: string) => `${partitionKey}\u0000${rowKey}`;

export const createTable: Handlers['createTable'] = async (req, state, ctx) => {
  await requireAccount(state, req.account, ctx);
  const bad = validateTableName(req.table);
  if (bad) throw invalidInput('InvalidResourceName', 'table', bad, ctx);
  await state.store.tables(req.account).put(req.table, { name: req.table });
  return {};
};

/** Properties are sealed under the account key only when the table service was created with keyType Account. */
export const insertEntity: Handlers['insertEntity'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.account, ctx);
  await requireTable(state, req.account, req.table, ctx);
  const wrapping = await keyForData(state, account, 'insertEntity', ctx);
  const id = entityId(req.partitionKey, req.rowKey);
  const entity: StoredEntity = {
    partitionKey: req.partitionKey,
    rowKey: req.rowKey,
    timestamp: ctx.clock.now(),
    etag: `W/"datetime'${encodeURIComponent(new Date(ctx.clock.now()).toISOString())}'"`,
    properties: sealValue({ json: JSON.stringify(req.properties) }, wrapping, id),
  };
  if (!(await state.store.entities(req.account, req.table).create(id, entity)))
    throw storageFailure('EntityAlreadyExists', ctx);
  return { etag: entity.etag, timestamp: new Date(entity.timestamp).toISOString() };
};

function present(entity: StoredEntity, wrapping: { by: string; key: Buffer }, platformKey: Buffer) {
  const key = entity.properties.by === 'account' ? wrapping.key : platformKey;
  const properties = JSON.parse(
    openValue(entity.properties, { key }, entityId(entity.partitionKey, entity.rowKey)).json ?? '{}',
  ) as Record<string, Value>;
  return {
    partitionKey: entity.partitionKey,
    rowKey: entity.rowKey,
    timestamp: new Date(entity.timestamp).toISOString(),
    etag: entity.etag,
    properties,
  };
}

export const getEntity: Handlers['getEntity'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.account, ctx);
  await requireTable(state, req.account, req.table, ctx);
  const wrapping = await keyForData(state, account, 'getEntity', ctx);
  const entity = (
    await state.store.entities(req.account, req.table).get(entityId(req.partitionKey, req.rowKey))
  )?.value;
  if (!entity) throw storageFailure('EntityNotFound', ctx);
  return present(entity, wrapping, state.platformKey);
};

export const queryEntities: Handlers['queryEntities'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.account, ctx);
  await requireTable(state, req.account, req.table, ctx);
  const wrapping = await keyForData(state, account, 'queryEntities', ctx);
  const entities = (await state.store.entities(req.account, req.table).list())
    .filter((e) => req.partitionKey === undefined || e.partitionKey === req.partitionKey)
    .sort((a, b) => (entityId(a.partitionKey, a.rowKey) < entityId(b.partitionKey, b.rowKey) ? -1 : 1))
    .slice(0, req.top);
  return { value: entities.map((e) => present(e, wrapping, state.platformKey)) };
};

export const deleteEntity: Handlers['deleteEntity'] = async (req, state, ctx) => {
  await requireAccount(state, req.account, ctx);
  await requireTable(state, req.account, req.table, ctx);
  const id = entityId(req.partitionKey, req.rowKey);
  if (!(await state.store.entities(req.account, req.table).get(id)))
    throw storageFailure('EntityNotFound', ctx);
  await state.store.entities(req.account, req.table).delete(id);
  return {};
};
