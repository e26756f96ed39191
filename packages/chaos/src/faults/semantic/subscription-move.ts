import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actionKind, FaultTargetError } from '../fault-kind.js';
import { readTarget } from '../read-target.js';
import { ignoreNotFound } from '../world/azure-errors.js';
import { refuseMissing } from '../world/refuse-missing.js';

const undoSchema = z.object({
  subscriptionId: z.string(),
  fromTenant: z.string(),
  toTenant: z.string(),
  /** The fault made the target tenant (no `params.toTenant`); undo deletes it again. */
  scratchTenant: z.boolean(),
});

/**
 * Moves a subscription to another tenant (`params.toTenant`, or a new tenant made for the fault). As in Azure,
 * its managed identities do not move: the system-assigned identities of its resources and the user-assigned
 * identities it holds keep their old tenant, so tokens for them fail and storage answers 403
 * KeyVaultAccessTokenCannotBeAcquired once its cached token and key expire. Undo moves it back, which makes
 * the identities valid again (in Azure the fix is to re-create them; moving back is the testbed's undo).
 */
export const subscriptionMove = actionKind({
  group: 'semantic',
  kind: 'subscription-move',
  description: 'Moves a subscription to another tenant; its managed identities stay behind',
  undoSchema,
  async apply(request, ctx) {
    const target = readTarget(request, { required: ['subscription'], params: ['toTenant'] });
    const entra = ctx.operator.entra;
    const subscription = await refuseMissing(
      entra.getSubscription({ subscriptionId: target.subscription }),
      `target.subscription: there is no subscription '${target.subscription}'`,
    );
    const toTenant = request.params.toTenant;
    if (toTenant !== undefined) {
      await refuseMissing(
        entra.getTenant({ tenantId: toTenant }),
        `params.toTenant: there is no tenant '${toTenant}'`,
      );
      if (toTenant.toLowerCase() === subscription.tenantId)
        throw new FaultTargetError(
          `params.toTenant: subscription '${target.subscription}' is in that tenant already`,
        );
    }
    const undo = {
      subscriptionId: subscription.subscriptionId,
      fromTenant: subscription.tenantId,
      toTenant: toTenant?.toLowerCase() ?? randomUUID(),
      scratchTenant: toTenant === undefined,
    };
    await ctx.remember(undo);
    if (undo.scratchTenant)
      await entra.createTenant({ displayName: `chaos-${request.faultId}`, tenantId: undo.toTenant });
    await entra.moveSubscription({ subscriptionId: undo.subscriptionId, targetTenantId: undo.toTenant });
    const { identities } = await entra.listUserAssignedIdentities({ subscriptionId: undo.subscriptionId });
    return {
      effect: `moved subscription ${undo.subscriptionId} from tenant ${undo.fromTenant} to ${undo.scratchTenant ? 'a new tenant ' : 'tenant '}${undo.toTenant}; its managed identities stay in the old tenant (${identities.length} user-assigned, plus the system-assigned identities of its resources), so tokens for them fail until it moves back on undo`,
      undo,
    };
  },
  async undo(record, ctx) {
    const entra = ctx.operator.entra;
    const now = await entra.getSubscription({ subscriptionId: record.subscriptionId });
    if (now.tenantId !== record.fromTenant)
      await entra.moveSubscription({
        subscriptionId: record.subscriptionId,
        targetTenantId: record.fromTenant,
      });
    if (record.scratchTenant) await ignoreNotFound(entra.deleteTenant({ tenantId: record.toTenant }));
  },
});
