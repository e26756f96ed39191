import { AzureError, type HandlerTable, type keyvaultContract } from '@cmk-testbed/shared';
import { authorize } from '../state/authorize.js';
import type { StoredKey, StoredVault } from '../state/documents.js';
import { keyNotFound } from '../state/keyvault-errors.js';
import type { KeyvaultState } from '../state/keyvault-state.js';
import { keyAttributes, keyBaseId, presentKey } from '../state/present-key.js';
import { audited } from './audited.js';

type Handlers = HandlerTable<typeof keyvaultContract, KeyvaultState>;
const day = 86_400;

function recoveryId(vault: string, name: string): string {
  return `https://${vault}.vault.azure.net/deletedkeys/${name}`;
}

function presentDeleted(key: StoredKey, vault: StoredVault) {
  const latest = key.versions.at(-1)!;
  return {
    ...presentKey(key, latest, vault),
    recoveryId: recoveryId(vault.name, key.name),
    deletedDate: key.deleted!.deletedDate,
    scheduledPurgeDate: key.deleted!.scheduledPurgeDate,
  };
}

async function deletedKey(state: KeyvaultState, vault: StoredVault, name: string): Promise<StoredKey> {
  const key = (await state.store.keys(vault.name).get(name))?.value;
  if (!key?.deleted) throw keyNotFound(name);
  return key;
}

/** Soft delete of every version: the key only lists, recovers or purges until its scheduled purge date. */
export const deleteKey: Handlers['deleteKey'] = audited('deleteKey', async (req, state, ctx) => {
  const { vault } = await authorize(state, ctx, req, 'deleteKey', req.name);
  const nowSec = Math.floor(ctx.clock.now() / 1000);
  const key = await state.store.keys(vault.name).mutate(req.name, (current) => {
    if (!current || current.deleted) throw keyNotFound(req.name);
    return {
      ...current,
      deleted: { deletedDate: nowSec, scheduledPurgeDate: nowSec + vault.softDeleteRetentionInDays * day },
    };
  });
  state.events.publish('KeyDeleted', { vault: vault.name, key: req.name });
  state.purges.keyChanged(key!);
  return presentDeleted(key!, vault);
});

export const getDeletedKey: Handlers['getDeletedKey'] = audited('getDeletedKey', async (req, state, ctx) => {
  const { vault } = await authorize(state, ctx, req, 'getDeletedKey', req.name);
  return presentDeleted(await deletedKey(state, vault, req.name), vault);
});

export const listDeletedKeys: Handlers['listDeletedKeys'] = audited(
  'listDeletedKeys',
  async (req, state, ctx) => {
    const { vault } = await authorize(state, ctx, req, 'listDeletedKeys');
    const keys = (await state.store.keys(vault.name).list()).filter((k) => k.deleted);
    return {
      value: keys.map((k) => ({
        kid: keyBaseId(vault.name, k.name),
        attributes: keyAttributes(k.versions.at(-1)!, vault),
        recoveryId: recoveryId(vault.name, k.name),
        deletedDate: k.deleted!.deletedDate,
        scheduledPurgeDate: k.deleted!.scheduledPurgeDate,
      })),
    };
  },
);

export const recoverDeletedKey: Handlers['recoverDeletedKey'] = audited(
  'recoverDeletedKey',
  async (req, state, ctx) => {
    const { vault } = await authorize(state, ctx, req, 'recoverDeletedKey', req.name);
    const key = await state.store.keys(vault.name).mutate(req.name, (current) => {
      if (!current?.deleted) throw keyNotFound(req.name);
      return { ...current, deleted: undefined };
    });
    state.events.publish('KeyRecovered', { vault: vault.name, key: req.name });
    state.purges.keyChanged(key!);
    return presentKey(key!, key!.versions.at(-1)!, vault);
  },
);

/**
 * Purge is refused under purge protection until the scheduled purge date (then the key goes by itself).
 * Testbed choice for the refusal (not confirmed): 403 Forbidden with the message Azure shows in the portal.
 */
export const purgeDeletedKey: Handlers['purgeDeletedKey'] = audited(
  'purgeDeletedKey',
  async (req, state, ctx) => {
    const { vault } = await authorize(state, ctx, req, 'purgeDeletedKey', req.name);
    const key = await deletedKey(state, vault, req.name);
    if (vault.enablePurgeProtection && ctx.clock.now() / 1000 < key.deleted!.scheduledPurgeDate) {
      throw new AzureError({
        status: 403,
        code: 'Forbidden',
        message: `Operation "purge" is not allowed because purge protection is enabled for this vault. Key Vault service will automatically purge it after the retention period has passed (${new Date(key.deleted!.scheduledPurgeDate * 1000).toISOString()}).`,
      });
    }
    await state.purges.purgeKey(vault.name, req.name);
    return {};
  },
);
