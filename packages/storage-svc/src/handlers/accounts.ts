import type { HandlerContext, HandlerTable, storageContract } from '@cmk-testbed/shared';
import { newAccountKey, wrapWithPlatformKey } from '../envelope/index.js';
import { applyIdentity, type IdentityInput } from '../state/apply-identity.js';
import { configureEncryption } from '../state/configure-encryption.js';
import type { StoredAccount } from '../state/documents.js';
import { managementError } from '../state/management-error.js';
import { presentAccount } from '../state/present-account.js';
import { purgeStoredData } from '../state/purge-stored-data.js';
import type { StorageState } from '../state/storage-state.js';

type Handlers = HandlerTable<typeof storageContract, StorageState>;

/**
 * The account, or ARM's 404. Management operations pass `fresh`: they decide on a change from what they read,
 * so they read JetStream itself, not this node's mirror, which may not yet hold another node's last change.
 */
export async function requireAccount(
  state: StorageState,
  name: string,
  ctx: HandlerContext,
  fresh = false,
): Promise<StoredAccount> {
  const docs = state.store.accounts;
  const account = (await (fresh ? docs.getFresh(name) : docs.get(name)))?.value;
  if (!account || account.location !== ctx.region) {
    throw managementError(
      404,
      'ResourceNotFound',
      `The Resource 'Microsoft.Storage/storageAccounts/${name}' was not found in region ${ctx.region}.`,
    );
  }
  return account;
}

/**
 * Creates an account with a fresh account encryption key. CMK at creation needs a user-assigned identity
 * (Azure's rule: a system-assigned identity does not exist until the account does); keyType and
 * infrastructure encryption are fixed here.
 */
export const createAccount: Handlers['createAccount'] = async (req, state, ctx) => {
  if (req.location !== ctx.region) {
    throw managementError(
      400,
      'LocationNotAvailableForResourceType',
      `location: this storage node serves ${ctx.region}; send createAccount for ${req.location} to that region.`,
    );
  }
  if (await state.store.accounts.get(req.name)) {
    throw managementError(
      409,
      'StorageAccountAlreadyTaken',
      `The storage account named ${req.name} is already taken.`,
    );
  }
  const subscription = await state.entra
    .getSubscription({ subscriptionId: req.subscriptionId }, { deadline: ctx.deadline })
    .catch(() => {
      throw managementError(
        404,
        'SubscriptionNotFound',
        `subscriptionId: subscription '${req.subscriptionId}' was not found.`,
      );
    });
  const encryption = req.properties?.encryption;
  const keySource = encryption?.keySource ?? 'Microsoft.Storage';
  if (keySource === 'Microsoft.Keyvault' && !encryption?.identity?.userAssignedIdentity) {
    throw managementError(
      400,
      'InvalidRequestPropertyValue',
      'encryption.identity.userAssignedIdentity: customer-managed keys at account creation require a user-assigned identity.',
    );
  }
  const aek = newAccountKey();
  const base: StoredAccount = {
    name: req.name,
    subscriptionId: subscription.subscriptionId,
    resourceGroup: req.resourceGroup,
    location: req.location,
    kind: req.kind,
    identity: { userAssigned: [] },
    encryption: {
      keySource: 'Microsoft.Storage',
      requireInfrastructureEncryption: encryption?.requireInfrastructureEncryption ?? false,
      keyTypes: {
        queue: encryption?.services?.queue?.keyType ?? 'Service',
        table: encryption?.services?.table?.keyType ?? 'Service',
      },
    },
    wrappedKey: {
      by: 'platform',
      value: wrapWithPlatformKey(aek, state.platformKey, req.name).toString('base64'),
    },
    ...(req.profile ? { profile: req.profile } : {}),
    createdAt: ctx.clock.now(),
  };
  base.identity = await applyIdentity(state, base, req.identity ?? { type: 'None' }, ctx);
  try {
    const configured =
      keySource === 'Microsoft.Keyvault'
        ? await configureEncryption(state, base, { ...encryption!, keySource }, aek, ctx)
        : undefined;
    const account = configured ? { ...base, ...configured } : base;
    if (!(await state.store.accounts.create(account.name, account))) {
      throw managementError(
        409,
        'StorageAccountAlreadyTaken',
        `The storage account named ${req.name} is already taken.`,
      );
    }
    return presentAccount(account);
  } catch (error) {
    await applyIdentity(state, base, { type: 'None' }, ctx).catch(() => {});
    throw error;
  }
};

export const getAccount: Handlers['getAccount'] = async (req, state, ctx) =>
  presentAccount(await requireAccount(state, req.name, ctx, true));

export const listAccounts: Handlers['listAccounts'] = async (_req, state, ctx) => ({
  value: (await state.store.accounts.list()).filter((a) => a.location === ctx.region).map(presentAccount),
});

/**
 * Changes identity and encryption. Setting or changing CMK re-wraps the account key (never the data); the
 * current key must be usable, so a revoked account can only be fixed by restoring access first.
 */
export const updateAccount: Handlers['updateAccount'] = async (req, state, ctx) => {
  const current = await requireAccount(state, req.name, ctx, true);
  const encryption = req.properties?.encryption;
  for (const service of ['queue', 'table'] as const) {
    const wanted = encryption?.services?.[service]?.keyType;
    if (wanted && wanted !== current.encryption.keyTypes[service]) {
      throw managementError(
        400,
        'InvalidRequestPropertyValue',
        `encryption.services.${service}.keyType: can only be set when the account is created.`,
      );
    }
  }
  if (
    encryption?.requireInfrastructureEncryption !== undefined &&
    encryption.requireInfrastructureEncryption !== current.encryption.requireInfrastructureEncryption
  ) {
    throw managementError(
      400,
      'InvalidRequestPropertyValue',
      'encryption.requireInfrastructureEncryption: can only be set when the account is created.',
    );
  }
  let next: StoredAccount = current;
  if (req.identity) next = { ...next, identity: await applyIdentity(state, next, req.identity, ctx) };
  if (encryption) {
    try {
      const aek = await state.keys.accountKey(current, ctx);
      next = { ...next, ...(await configureEncryption(state, next, encryption, aek, ctx)) };
    } catch (error) {
      // The identity change already reached Entra (validation needs it there); a refused update must not
      // leave the account's working identity detached, so put Entra back as the stored account says.
      if (req.identity) await restoreIdentity(state, current, next, ctx).catch(() => {});
      throw error;
    }
  }
  const saved = await state.store.accounts.mutate(req.name, () => next);
  state.keys.forgetAccount(req.name);
  return presentAccount(saved!);
};

/**
 * Makes Entra match `current` again after `changed` was applied. A system-assigned identity disabled on the
 * way comes back as a new principal (Entra's rule), so the stored account learns the new one.
 */
async function restoreIdentity(
  state: StorageState,
  current: StoredAccount,
  changed: StoredAccount,
  ctx: HandlerContext,
): Promise<void> {
  const { identity } = presentAccount(current);
  const restored = await applyIdentity(
    state,
    changed,
    { type: identity.type as IdentityInput['type'], userAssignedIdentities: identity.userAssignedIdentities },
    ctx,
  );
  if (restored.systemAssigned?.principalId !== current.identity.systemAssigned?.principalId)
    await state.store.accounts.mutate(current.name, (a) => (a ? { ...a, identity: restored } : a));
}

export const deleteAccount: Handlers['deleteAccount'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.name, ctx, true);
  await applyIdentity(state, account, { type: 'None' }, ctx).catch(() => {});
  // Everything of the account (containers, blobs, snapshots, staged blocks, shares, files, permissions,
  // queues, messages, tables, entities) and its bytes; the account document goes last, so a delete that
  // fails half-way can be repeated.
  await purgeStoredData(state.store, state.store.accountContentKeys(account.name));
  await state.store.accounts.delete(account.name);
  state.keys.forgetAccount(account.name);
  return {};
};
