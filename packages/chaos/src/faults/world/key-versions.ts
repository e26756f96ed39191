import type { KeyAttributes } from '@cmk-testbed/shared';
import { type FaultContext, FaultTargetError } from '../fault-kind.js';
import { isNotFound } from './azure-errors.js';
import type { VaultAt } from './vault-of.js';

/** The newest version of a key and its attributes (read by version list, which a disabled key allows). */
export async function latestKeyVersion(
  ctx: FaultContext,
  at: VaultAt,
  key: string,
): Promise<{ version: string; attributes: KeyAttributes }> {
  const vault = at.vault.name;
  const keyvault = ctx.operator.keyvault(at.region);
  try {
    const { value } = await ctx.operator.asAdministrator(vault, (authorization) =>
      keyvault.listKeyVersions({ vault, authorization, name: key }),
    );
    const latest = value.at(-1);
    if (!latest) throw new FaultTargetError(`target.key: key '${key}' in vault '${vault}' has no versions`);
    return { version: latest.kid.split('/').at(-1)!, attributes: latest.attributes };
  } catch (error) {
    if (!isNotFound(error)) throw error;
    const deleted = await ctx.operator
      .asAdministrator(vault, (authorization) => keyvault.getDeletedKey({ vault, authorization, name: key }))
      .catch(() => undefined);
    throw new FaultTargetError(
      deleted
        ? `target.key: key '${key}' in vault '${vault}' is soft-deleted; recover it first`
        : `target.key: vault '${vault}' has no key '${key}'`,
    );
  }
}
