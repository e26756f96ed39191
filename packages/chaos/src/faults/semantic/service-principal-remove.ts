import { z } from 'zod';
import { actionKind, type FaultContext } from '../fault-kind.js';
import { readTarget } from '../read-target.js';
import { ignoreNotFound } from '../world/azure-errors.js';
import { servicePrincipalOf } from '../world/principal-of.js';
import { describeRegrant, regrantFields, regrantNewPrincipal, rememberGrants } from '../world/regrant.js';

const undoSchema = z.object({
  appId: z.string(),
  tenantId: z.string(),
  objectId: z.string(),
  ...regrantFields,
});

type Undo = z.output<typeof undoSchema>;

/**
 * Deletes an application's service principal in a tenant (the customer tenant of cross-tenant CMK): the
 * token exchange into that tenant fails with AADSTS700016, so storage answers 403
 * KeyVaultAccessTokenCannotBeAcquired once its cached token and key expire. Undo creates the service
 * principal again — a new object id, as in Azure — and with `params.regrant` (default true) gives it the
 * old one's vault grants.
 */
export const servicePrincipalRemove = actionKind({
  group: 'semantic',
  kind: 'service-principal-remove',
  description: "Deletes an app's service principal in a tenant; undo re-creates it (a new object id)",
  undoSchema,
  async apply(request, ctx) {
    const target = readTarget(request, { required: ['app', 'tenant'], params: ['regrant'] });
    const principal = await servicePrincipalOf(ctx, target.app, target.tenant);
    const undo: Undo = {
      appId: target.app,
      tenantId: target.tenant,
      objectId: principal.principalId,
      ...(await rememberGrants(ctx, request, principal.principalId)),
    };
    await ctx.remember(undo);
    await ctx.operator.entra.deleteServicePrincipal({ appId: target.app, tenantId: target.tenant });
    return {
      effect: `deleted ${principal.description} (object id ${undo.objectId}): token requests for the app in that tenant fail with AADSTS700016. Undo creates it again with a new object id; ${describeRegrant(undo)}`,
      undo,
    };
  },
  undo: async (record, ctx) => {
    await regrantNewPrincipal(ctx, record, record.objectId, await createAgain(ctx, record));
  },
});

async function createAgain(ctx: FaultContext, record: Undo): Promise<string> {
  const entra = ctx.operator.entra;
  const ref = { appId: record.appId, tenantId: record.tenantId };
  const existing = await ignoreNotFound(entra.getServicePrincipal(ref));
  return (existing ?? (await entra.createServicePrincipal(ref))).objectId;
}
