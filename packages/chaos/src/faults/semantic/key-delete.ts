import { actionKind, type FaultContext, type FaultRequest, FaultTargetError } from '../fault-kind.js';
import { isNotFound } from '../world/azure-errors.js';
import { keyRefSchema, targetKey } from '../world/target-key.js';

const day = 86_400_000;

/**
 * Soft-deletes the key with all its versions (Key Vault's only delete: soft delete is always on). Undo
 * recovers it. A fault lasting longer than the vault's retention is refused: the key would be purged first.
 */
export const keyDelete = actionKind({
  group: 'semantic',
  kind: 'key-delete',
  description: 'Soft-deletes the key (deleteKey); undo recovers it (recoverDeletedKey)',
  undoSchema: keyRefSchema,
  async apply(request, ctx) {
    const { at, ref: undo } = await targetKey(request, ctx);
    const { softDeleteRetentionInDays: retentionDays, enablePurgeProtection } = at.vault.properties;
    const durationMs = remainingMs(request, ctx);
    if (durationMs !== undefined && durationMs >= retentionDays * day) {
      throw new FaultTargetError(
        `duration: vault '${at.vault.name}' keeps a deleted key for ${retentionDays} days, then purges it; a longer fault could never be undone`,
      );
    }
    await ctx.remember(undo);
    const keyvault = ctx.operator.keyvault(at.region);
    await ctx.operator.asAdministrator(undo.vault, (authorization) =>
      keyvault.deleteKey({ vault: undo.vault, authorization, name: undo.key }),
    );
    return {
      effect: `soft-deleted key ${undo.key} in vault ${undo.vault} (recoverable for ${retentionDays} days; ${
        enablePurgeProtection
          ? 'purge protection is on, so nobody can purge it meanwhile'
          : 'purge protection is off: a purge meanwhile would make undo impossible'
      })`,
      undo,
    };
  },
  async undo(record, ctx) {
    const keyvault = ctx.operator.keyvault(record.region);
    const asAdmin = <T>(call: (authorization: string) => Promise<T>) =>
      ctx.operator.asAdministrator(record.vault, call);
    try {
      await asAdmin((authorization) =>
        keyvault.recoverDeletedKey({ vault: record.vault, authorization, name: record.key }),
      );
    } catch (error) {
      if (!isNotFound(error)) throw error;
      // Not deleted: recovered already (an undo run again) or never deleted (an interrupted injection).
      const live = await asAdmin((authorization) =>
        keyvault.listKeyVersions({ vault: record.vault, authorization, name: record.key }),
      ).catch(() => undefined);
      if (!live)
        throw new Error(
          `key ${record.key} is gone from vault ${record.vault} (purged); it cannot be recovered`,
        );
    }
  },
});

/** How long the fault will last from now, if it has a duration. */
function remainingMs(request: FaultRequest, ctx: FaultContext): number | undefined {
  const expiresAt = request.expiresAt;
  if (!expiresAt) return undefined;
  return expiresAt.at - (expiresAt.clock === 'testbed' ? ctx.clock.now() : Date.now());
}
