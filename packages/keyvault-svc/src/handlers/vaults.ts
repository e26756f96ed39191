import { randomUUID } from 'node:crypto';
import type { HandlerContext, HandlerTable, keyvaultContract } from '@cmk-testbed/shared';
import { validateNetworkAcls } from '../rules/index.js';
import type { StoredVault } from '../state/documents.js';
import { armError, vaultNotFound } from '../state/keyvault-errors.js';
import type { KeyvaultState } from '../state/keyvault-state.js';
import { presentDeletedVault, presentVault, vaultUri } from '../state/present-vault.js';

type Handlers = HandlerTable<typeof keyvaultContract, KeyvaultState>;
const day = 86_400_000;

/** A live vault of this region; deleted vaults and other regions' vaults are not found here. */
export async function requireVault(
  state: KeyvaultState,
  name: string,
  ctx: HandlerContext,
): Promise<StoredVault> {
  const vault = (await state.store.vaults.get(name))?.value;
  if (!vault || vault.deleted) throw vaultNotFound(name);
  if (vault.location !== ctx.region)
    throw vaultNotFound(name, ` It lives in region ${vault.location}, not ${ctx.region}.`);
  return vault;
}

function checkAcls(acls: StoredVault['networkAcls']): void {
  const issues = validateNetworkAcls(acls);
  if (issues.length > 0) {
    throw armError(
      400,
      'BadRequest',
      `Invalid networkAcls: ${issues.map((i: { path: string; reason: string }) => `${i.path}: ${i.reason}`).join('; ')}`,
    );
  }
}

async function changeVault(
  state: KeyvaultState,
  name: string,
  ctx: HandlerContext,
  change: (v: StoredVault) => StoredVault,
) {
  await requireVault(state, name, ctx);
  return (await state.store.vaults.mutate(name, (current) => {
    if (!current || current.deleted) throw vaultNotFound(name);
    return change(current);
  }))!;
}

export const createVault: Handlers['createVault'] = async (req, state, ctx) => {
  if (req.location !== ctx.region) {
    throw armError(
      400,
      'LocationNotAvailable',
      `location: this keyvault-svc serves region ${ctx.region}; send createVault for ${req.location} to that region.`,
    );
  }
  checkAcls(req.networkAcls);
  const vault: StoredVault = {
    name: req.name,
    location: req.location,
    tenantId: req.tenantId,
    subscriptionId: req.subscriptionId ?? randomUUID(),
    resourceGroup: req.resourceGroup,
    sku: req.sku,
    softDeleteRetentionInDays: req.softDeleteRetentionInDays,
    enablePurgeProtection: req.enablePurgeProtection,
    enableRbacAuthorization: req.enableRbacAuthorization,
    publicNetworkAccess: req.publicNetworkAccess,
    networkAcls: req.networkAcls,
    accessPolicies: req.accessPolicies,
    createdAt: ctx.clock.now(),
  };
  const existing = (await state.store.vaults.get(req.name))?.value;
  if (existing?.deleted) {
    throw armError(
      409,
      'ConflictError',
      `A vault with the same name is in a deleted but recoverable state: recover or purge vault '${req.name}' first.`,
    );
  }
  if (existing || !(await state.store.vaults.create(req.name, vault))) {
    throw armError(
      409,
      'VaultAlreadyExists',
      `The vault name '${req.name}' is already in use. Vault names are globally unique.`,
    );
  }
  return presentVault(vault);
};

export const getVault: Handlers['getVault'] = async (req, state, ctx) =>
  presentVault(await requireVault(state, req.name, ctx));

export const listVaults: Handlers['listVaults'] = async (_req, state, ctx) => ({
  vaults: (await state.store.vaults.list())
    .filter((v) => !v.deleted && v.location === ctx.region)
    .map(presentVault),
});

export const updateVault: Handlers['updateVault'] = async (req, state, ctx) => {
  if (req.networkAcls) checkAcls(req.networkAcls);
  const before = await requireVault(state, req.name, ctx);
  const after = await changeVault(state, req.name, ctx, (v) => {
    if (v.enablePurgeProtection && req.enablePurgeProtection === false) {
      throw armError(
        400,
        'BadRequest',
        'enablePurgeProtection: purge protection cannot be disabled once it has been enabled.',
      );
    }
    return {
      ...v,
      enablePurgeProtection: req.enablePurgeProtection ?? v.enablePurgeProtection,
      enableRbacAuthorization: req.enableRbacAuthorization ?? v.enableRbacAuthorization,
      publicNetworkAccess: req.publicNetworkAccess ?? v.publicNetworkAccess,
      networkAcls: req.networkAcls ?? v.networkAcls,
    };
  });
  if (
    JSON.stringify(before.networkAcls) !== JSON.stringify(after.networkAcls) ||
    before.publicNetworkAccess !== after.publicNetworkAccess
  ) {
    state.events.publish('VaultNetworkChanged', { vault: after.name });
  }
  // Switching between RBAC and access policies changes who may use every key, as a role or policy change does.
  if (before.enableRbacAuthorization !== after.enableRbacAuthorization) {
    state.events.publish('KeyAccessChanged', { vault: after.name });
  }
  return presentVault(after);
};

/** Soft delete: the vault and its keys stay recoverable for the retention period. */
export const deleteVault: Handlers['deleteVault'] = async (req, state, ctx) => {
  const now = ctx.clock.now();
  const deleted = await changeVault(state, req.name, ctx, (v) => ({
    ...v,
    deleted: { deletionDate: now, scheduledPurgeDate: now + v.softDeleteRetentionInDays * day },
  }));
  // Azure does not bring role assignments back with a recovered vault: they go with the deletion.
  await state.store.roles.delete(req.name);
  state.events.publish('VaultDeleted', { vault: deleted.name });
  state.purges.vaultChanged(deleted);
  return {};
};

async function requireDeletedVault(
  state: KeyvaultState,
  name: string,
  ctx: HandlerContext,
): Promise<StoredVault> {
  const vault = (await state.store.vaults.get(name))?.value;
  if (!vault?.deleted || vault.location !== ctx.region)
    throw armError(404, 'ResourceNotFound', `Deleted vault '${name}' was not found.`);
  return vault;
}

export const getDeletedVault: Handlers['getDeletedVault'] = async (req, state, ctx) =>
  presentDeletedVault(await requireDeletedVault(state, req.name, ctx));

export const recoverDeletedVault: Handlers['recoverDeletedVault'] = async (req, state, ctx) => {
  await requireDeletedVault(state, req.name, ctx);
  const recovered = await state.store.vaults.mutate(req.name, (v) => {
    if (v?.deleted?.purging) {
      // Testbed choice (Azure documents no answer for this race): a vault whose purge has begun stays purged.
      throw armError(409, 'ConflictError', `Vault '${req.name}' is being purged and cannot be recovered.`);
    }
    return v ? { ...v, deleted: undefined } : v;
  });
  state.events.publish('VaultRecovered', { vault: req.name });
  state.purges.vaultChanged(recovered!);
  return presentVault(recovered!);
};

export const purgeDeletedVault: Handlers['purgeDeletedVault'] = async (req, state, ctx) => {
  const vault = await requireDeletedVault(state, req.name, ctx);
  if (vault.enablePurgeProtection && ctx.clock.now() < vault.deleted!.scheduledPurgeDate) {
    throw armError(
      409,
      'ConflictError',
      `Operation 'PurgeDeletedVault' is not allowed: vault '${req.name}' has purge protection enabled; it is purged automatically on ${new Date(vault.deleted!.scheduledPurgeDate).toISOString()}.`,
    );
  }
  await state.purgeVault(req.name);
  return {};
};

export const resolveVault: Handlers['resolveVault'] = async (req, state) => {
  const vault = (await state.store.vaults.get(req.name))?.value;
  if (!vault) throw vaultNotFound(req.name);
  return {
    name: vault.name,
    location: vault.location,
    tenantId: vault.tenantId,
    vaultUri: vaultUri(vault.name),
    deleted: Boolean(vault.deleted),
    enablePurgeProtection: vault.enablePurgeProtection,
    softDeleteRetentionInDays: vault.softDeleteRetentionInDays,
  };
};
