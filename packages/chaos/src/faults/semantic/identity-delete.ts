import { z } from 'zod';
import { actionKind, type FaultContext } from '../fault-kind.js';
import { readTarget } from '../read-target.js';
import { ignoreNotFound } from '../world/azure-errors.js';
import { refuseMissing } from '../world/refuse-missing.js';
import { describeRegrant, regrantFields, regrantNewPrincipal, rememberGrants } from '../world/regrant.js';
import {
  accountsUsing,
  attachedAccountSchema,
  credentialsTrusting,
  retargetCredentials,
  trustingCredentialSchema,
} from '../world/uami-links.js';

const undoSchema = z.object({
  id: z.string(),
  subscriptionId: z.string(),
  resourceGroup: z.string(),
  name: z.string(),
  principalId: z.string(),
  accounts: z.array(attachedAccountSchema),
  credentials: z.array(trustingCredentialSchema),
  ...regrantFields,
});

type Undo = z.output<typeof undoSchema>;

/**
 * Deletes a user-assigned identity. Its attachments and grants are left dangling, as in Azure, so storage
 * answers 403 KeyVaultAccessTokenCannotBeAcquired once its cached token and key expire. Undo re-creates it
 * under the same ARM id — a new principal and client id, as in Azure — and re-attaches it to the storage
 * accounts that used it; with `params.regrant` (default true) it also gives the new principal the old one's
 * vault grants and points federated credentials that trusted the old principal at the new one. The old
 * principal's grants stay behind, dangling ("Identity not found"), as Azure leaves them.
 */
export const identityDelete = actionKind({
  group: 'semantic',
  kind: 'identity-delete',
  description: 'Deletes a user-assigned identity; undo re-creates it (a new principal) and re-attaches it',
  undoSchema,
  async apply(request, ctx) {
    const target = readTarget(request, { required: ['identity'], params: ['regrant'] });
    const identity = await refuseMissing(
      ctx.operator.entra.getUserAssignedIdentity({ id: target.identity }),
      `target.identity: '${target.identity}' is not an existing user-assigned identity (give its ARM id)`,
    );
    const undo: Undo = {
      id: identity.id,
      subscriptionId: identity.subscriptionId,
      resourceGroup: identity.resourceGroup,
      name: identity.name,
      principalId: identity.principalId,
      accounts: await accountsUsing(ctx, identity.id),
      ...(await rememberGrants(ctx, request, identity.principalId)),
      credentials: await credentialsTrusting(ctx, identity.principalId),
    };
    await ctx.remember(undo);
    await ctx.operator.entra.deleteUserAssignedIdentity({ id: identity.id });
    const accounts = undo.accounts.map((a) => a.name).join(', ') || 'no storage account';
    const credentials =
      undo.credentials.length > 0
        ? `; ${undo.credentials.length} federated credential(s) trusted it and are ${undo.regrant ? 'pointed at the new principal on undo' : 'left trusting the old principal'}`
        : '';
    return {
      effect: `deleted user-assigned identity ${identity.name} (principal ${identity.principalId}), attached to ${accounts}: tokens for it fail. Undo re-creates it under the same ARM id with a new principal id and re-attaches it; ${describeRegrant(undo)}${credentials}`,
      undo,
    };
  },
  undo: async (record, ctx) => {
    const principalId = await recreate(ctx, record);
    if (principalId === record.principalId) return;
    await reattach(ctx, record, principalId);
    await regrantNewPrincipal(ctx, record, record.principalId, principalId);
    if (record.regrant) await retargetCredentials(ctx, record.credentials, record.principalId, principalId);
  },
});

/** The identity's principal now: the old one if it was never deleted, else the re-created one's. */
async function recreate(ctx: FaultContext, record: Undo): Promise<string> {
  const entra = ctx.operator.entra;
  const existing = await ignoreNotFound(entra.getUserAssignedIdentity({ id: record.id }));
  if (existing) return existing.principalId;
  const created = await entra.createUserAssignedIdentity({
    subscriptionId: record.subscriptionId,
    resourceGroup: record.resourceGroup,
    name: record.name,
  });
  return created.principalId;
}

/** Re-attaches the identity through each account's own update, so the account shows the new principal. */
async function reattach(ctx: FaultContext, record: Undo, principalId: string): Promise<void> {
  for (const { region, name } of record.accounts) {
    const storage = ctx.operator.storage(region);
    const account = await ignoreNotFound(storage.getAccount({ name }));
    if (!account) {
      ctx.log.warn({ account: name }, 'identity-delete undo: the account is gone; nothing to re-attach');
      continue;
    }
    const entry = Object.entries(account.identity.userAssignedIdentities ?? {}).find(
      ([id]) => id.toLowerCase() === record.id.toLowerCase(),
    );
    if (!entry || entry[1].principalId === principalId) continue;
    await storage.updateAccount({
      name,
      identity: {
        type: account.identity.type as 'UserAssigned' | 'SystemAssigned,UserAssigned',
        userAssignedIdentities: { [entry[0]]: {} },
      },
    });
  }
}
