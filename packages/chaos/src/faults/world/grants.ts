import { z } from 'zod';
import type { FaultContext } from '../fault-kind.js';
import { serviceRegions } from './service-regions.js';

/** One piece of vault access a principal holds: an RBAC role assignment or an access policy. */
export const grantSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('role'),
    vault: z.string(),
    region: z.string(),
    roleName: z.string(),
    /** `/` for the vault, `/keys/<name>` for one key. */
    scope: z.string(),
  }),
  z.object({
    type: z.literal('policy'),
    vault: z.string(),
    region: z.string(),
    tenantId: z.string(),
    keys: z.array(z.string()),
  }),
]);

export type Grant = z.output<typeof grantSchema>;

/**
 * Every grant a principal holds on the vaults of every region, as the vault's authorization mode uses them
 * (role assignments on RBAC vaults, access policies on the others).
 */
export async function grantsOf(ctx: FaultContext, principalId: string): Promise<Grant[]> {
  const grants: Grant[] = [];
  for (const region of await serviceRegions(ctx, 'keyvault')) {
    const keyvault = ctx.operator.keyvault(region);
    for (const vault of (await keyvault.listVaults({})).vaults) {
      if (vault.properties.enableRbacAuthorization) {
        const { roleAssignments } = await keyvault.listRoleAssignments({ vault: vault.name });
        for (const a of roleAssignments.filter((r) => r.principalId === principalId)) {
          grants.push({ type: 'role', vault: vault.name, region, roleName: a.roleName, scope: a.scope });
        }
        continue;
      }
      const policy = vault.properties.accessPolicies.find((p) => p.objectId === principalId);
      if (policy) {
        grants.push({
          type: 'policy',
          vault: vault.name,
          region,
          tenantId: policy.tenantId,
          keys: policy.permissions.keys,
        });
      }
    }
  }
  return grants;
}

/** Gives a principal the grants listed; ones it already holds are left alone, so this can run again. */
export async function grantAll(
  ctx: FaultContext,
  principalId: string,
  grants: readonly Grant[],
): Promise<void> {
  for (const grant of grants) {
    const keyvault = ctx.operator.keyvault(grant.region);
    if (grant.type === 'policy') {
      await keyvault.setAccessPolicy({
        vault: grant.vault,
        policy: { tenantId: grant.tenantId, objectId: principalId, permissions: { keys: grant.keys } },
      });
      continue;
    }
    const { roleAssignments } = await keyvault.listRoleAssignments({ vault: grant.vault });
    const held = roleAssignments.some(
      (a) => a.principalId === principalId && a.roleName === grant.roleName && a.scope === grant.scope,
    );
    if (held) continue;
    const key = grant.scope.startsWith('/keys/') ? grant.scope.slice('/keys/'.length) : undefined;
    await keyvault.assignRole({
      vault: grant.vault,
      principalId,
      role: grant.roleName,
      ...(key ? { key } : {}),
    });
  }
}

/** In words, for a fault's effect: `2 grants (Key Vault Crypto Service Encryption User on kv1, ...)`. */
export function describeGrants(grants: readonly Grant[]): string {
  if (grants.length === 0) return 'no vault grants';
  const each = grants.map((g) =>
    g.type === 'role'
      ? `${g.roleName} on ${g.vault}${g.scope === '/' ? '' : g.scope}`
      : `access policy (${g.keys.join(', ')}) on ${g.vault}`,
  );
  return `${grants.length} vault grant${grants.length === 1 ? '' : 's'} (${each.join('; ')})`;
}
