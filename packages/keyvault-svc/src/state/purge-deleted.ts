import type { KeyvaultState } from './keyvault-state.js';
import { KeyvaultStore } from './keyvault-store.js';
import { keyBaseId } from './present-key.js';

/**
 * Purges a soft-deleted key if it is still deleted and, when `deletedDate` is given (a purge timer), still by
 * that deletion: a key recovered, or purged and created again, since the timer was armed is left alone. The
 * delete is a compare-and-set on the revision read here, so of replicas firing together exactly one purges
 * and announces it. True when this call purged the key.
 */
export async function purgeDeletedKeyNow(
  state: KeyvaultState,
  vault: string,
  name: string,
  deletedDate?: number,
): Promise<boolean> {
  const current = await state.store.keys(vault).getFresh(name);
  const deleted = current?.value.deleted;
  if (!current || !deleted) return false;
  if (deletedDate !== undefined && deleted.deletedDate !== deletedDate) return false;
  if (!(await state.store.deleteAtRevision(KeyvaultStore.keyEntry(vault, name), current.revision))) {
    return false;
  }
  state.materials.forget(`${keyBaseId(vault, name)}/`);
  state.events.publish('KeyPurged', { vault, key: name });
  return true;
}

/**
 * Purges a soft-deleted vault with its keys and role assignments, on the same terms as `purgeDeletedKeyNow`
 * (`deletionDate` for a timer). The vault document goes last, by compare-and-set: a crash midway leaves a
 * deleted vault that any replica purges again, never keys without their vault, and only the replica whose
 * delete succeeds announces it. Known gap: a recovery landing during the few milliseconds the keys are being
 * deleted keeps the vault but not its keys.
 */
export async function purgeDeletedVaultNow(
  state: KeyvaultState,
  name: string,
  deletionDate?: number,
): Promise<boolean> {
  const current = await state.store.vaults.getFresh(name);
  const deleted = current?.value.deleted;
  if (!current || !deleted) return false;
  if (deletionDate !== undefined && deleted.deletionDate !== deletionDate) return false;
  const keys = state.store.keys(name);
  for (const key of await keys.list()) await keys.delete(key.name);
  await state.store.roles.delete(name);
  if (!(await state.store.deleteAtRevision(KeyvaultStore.vaultEntry(name), current.revision))) return false;
  state.events.publish('VaultPurged', { vault: name });
  return true;
}
