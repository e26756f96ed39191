import type { Vault } from '@cmk-testbed/shared';
import { type FaultContext, FaultTargetError } from '../fault-kind.js';
import { isBadRequest, isNotFound } from './azure-errors.js';

export interface VaultAt {
  /** The vault's region: the keyvault service to ask. */
  region: string;
  tenantId: string;
  vault: Vault;
}

/**
 * A live vault by name, wherever it lives; a missing or soft-deleted one is refused naming `target.vault`
 * (with `whenDeleted` as the reason for the latter, if given).
 */
export async function vaultOf(ctx: FaultContext, name: string, whenDeleted?: string): Promise<VaultAt> {
  const resolved = await ctx.operator.resolveVault(name).catch((error: unknown) => {
    if (isNotFound(error)) throw new FaultTargetError(`target.vault: there is no vault '${name}'`);
    if (isBadRequest(error)) throw new FaultTargetError(`target.vault: ${(error as Error).message}`);
    throw error;
  });
  const keyvault = ctx.operator.keyvault(resolved.location);
  try {
    return {
      region: resolved.location,
      tenantId: resolved.tenantId,
      vault: await keyvault.getVault({ name }),
    };
  } catch (error) {
    if (!isNotFound(error)) throw error;
    // The operator's answer is cached; ask again to tell a deleted vault from a missing one.
    const fresh = await keyvault.resolveVault({ name }).catch(() => undefined);
    throw new FaultTargetError(
      fresh?.deleted
        ? `target.vault: vault '${name}' ${whenDeleted ?? 'is soft-deleted (recoverable); recover it first'}`
        : `target.vault: there is no vault '${name}'`,
    );
  }
}
