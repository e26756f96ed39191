import { z } from 'zod';
import { actionKind, FaultTargetError } from '../fault-kind.js';
import { readTarget } from '../read-target.js';
import { ignoreNotFound } from '../world/azure-errors.js';
import { describeGrants, type Grant, grantAll, grantSchema } from '../world/grants.js';
import { principalOf } from '../world/principal-of.js';
import { vaultOf } from '../world/vault-of.js';

const undoSchema = z.object({
  vault: z.string(),
  region: z.string(),
  principalId: z.string(),
  grants: z.array(grantSchema),
});

/**
 * Takes a principal's access to a vault away: its role assignments on an RBAC vault (only `params.role`
 * when given), its access policy otherwise. Storage then gets 403 KeyVaultEncryptionKeyNotFound
 * (ForbiddenByRbac / ForbiddenByPolicy underneath). Undo grants exactly what was removed again.
 */
export const accessRevoke = actionKind({
  group: 'semantic',
  kind: 'access-revoke',
  description: "Removes a principal's role assignments or access policy on a vault",
  undoSchema,
  async apply(request, ctx) {
    const target = readTarget(request, {
      required: ['vault'],
      optional: ['identity', 'account', 'app', 'tenant'],
      params: ['role'],
    });
    const at = await vaultOf(ctx, target.vault);
    const principal = await principalOf(ctx, target);
    const vault = at.vault.name;
    const keyvault = ctx.operator.keyvault(at.region);
    const role = request.params.role;
    let grants: Grant[];
    let remove: () => Promise<void>;
    if (at.vault.properties.enableRbacAuthorization) {
      const assignments = (await keyvault.listRoleAssignments({ vault })).roleAssignments.filter(
        (a) =>
          a.principalId === principal.principalId &&
          (!role || a.roleName.toLowerCase() === role.toLowerCase() || a.roleDefinitionId === role),
      );
      if (assignments.length === 0)
        throw new FaultTargetError(
          `target: ${principal.description} holds no role${role ? ` '${role}'` : ''} on vault '${vault}'`,
        );
      grants = assignments.map((a) => ({
        type: 'role',
        vault,
        region: at.region,
        roleName: a.roleName,
        scope: a.scope,
      }));
      remove = async () => {
        for (const a of assignments) await ignoreNotFound(keyvault.removeRoleAssignment({ vault, id: a.id }));
      };
    } else {
      if (role)
        throw new FaultTargetError(`params.role: vault '${vault}' uses access policies, not RBAC roles`);
      const policy = at.vault.properties.accessPolicies.find((p) => p.objectId === principal.principalId);
      if (!policy)
        throw new FaultTargetError(
          `target: ${principal.description} has no access policy on vault '${vault}'`,
        );
      grants = [
        {
          type: 'policy',
          vault,
          region: at.region,
          tenantId: policy.tenantId,
          keys: policy.permissions.keys,
        },
      ];
      remove = async () => {
        await keyvault.removeAccessPolicy({ vault, objectId: principal.principalId });
      };
    }
    const undo = { vault, region: at.region, principalId: principal.principalId, grants };
    await ctx.remember(undo);
    await remove();
    return { effect: `removed ${describeGrants(grants)} of ${principal.description}`, undo };
  },
  undo: (record, ctx) => grantAll(ctx, record.principalId, record.grants),
});
