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
 * (`deletionDate` for a timer). The vault is first marked `purging` (compare-and-set), which a recovery
 * refuses, so no recovery can land while its keys are being deleted and bring back a vault without them. The
 * vault document goes last, by compare-and-set: a crash midway leaves a vault marked purging that any replica
 * purges again, never keys without their vault, and only the replica whose delete succeeds announces it.
 */
export async function purgeDeletedVaultNow(
  state: KeyvaultState,
  name: string,
  deletionDate?: number,
): Promise<boolean> {
  try {
    await state.store.vaults.mutate(name, (v) => {
      if (!v?.deleted || (deletionDate !== undefined && v.deleted.deletionDate !== deletionDate))
        throw new NotPurgeable();
      // Marked already (by another replica, or a purge that died midway): writing it again would move the
      // revision under the purge in progress and re-arm every timer of the vault.
      if (v.deleted.purging) throw new AlreadyPurging();
      return { ...v, deleted: { ...v.deleted, purging: true } };
    });
  } catch (error) {
    if (error instanceof NotPurgeable) return false;
    if (!(error instanceof AlreadyPurging)) throw error;
  }
  const marked = await state.store.vaults.getFresh(name);
  if (!marked?.value.deleted?.purging) return false;
  const keys = state.store.keys(name);
  for (const key of await keys.list()) await keys.delete(key.name);
  await state.store.roles.delete(name);
  if (!(await state.store.deleteAtRevision(KeyvaultStore.vaultEntry(name), marked.revision))) return false;
  state.events.publish('VaultPurged', { vault: name });
  return true;
}

/** The vault was recovered, or deleted again, since the purge was decided: nothing to purge. */
class NotPurgeable extends Error {}

/** The vault carries the purge mark already: go on with the purge at its current revision. */
class AlreadyPurging extends Error {}
