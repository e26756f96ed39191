import type { StorageAccount } from '@cmk-testbed/shared';
import { z } from 'zod';
import { actionKind, type FaultContext, FaultTargetError } from '../fault-kind.js';
import { readTarget } from '../read-target.js';
import { findAccount } from '../world/find-account.js';
import { describeRegrant, regrantFields, regrantNewPrincipal, rememberGrants } from '../world/regrant.js';

const identityTypeSchema = z.enum(['SystemAssigned', 'SystemAssigned,UserAssigned']);

const undoSchema = z.object({
  region: z.string(),
  account: z.string(),
  identityType: identityTypeSchema,
  userAssignedIds: z.array(z.string()),
  principalId: z.string(),
  ...regrantFields,
});

type Undo = z.output<typeof undoSchema>;

/**
 * Disables a storage account's system-assigned identity the way Azure does it: by updating the account's
 * `identity` (storage then deletes the identity in Entra). An account that reaches its key with that
 * identity answers 403 KeyVaultAccessTokenCannotBeAcquired once its cached token and key expire. Undo turns
 * the identity on again — a new principal, as in Azure — and with `params.regrant` (default true) gives it
 * the old principal's vault grants.
 */
export const systemIdentityDisable = actionKind({
  group: 'semantic',
  kind: 'system-identity-disable',
  description: "Disables a storage account's system-assigned identity; undo enables it (a new principal)",
  undoSchema,
  async apply(request, ctx) {
    const target = readTarget(request, { required: ['account'], params: ['regrant'] });
    const { region, account } = await findAccount(ctx, target.account);
    const identityType = identityTypeSchema.safeParse(account.identity.type);
    if (!identityType.success || !account.identity.principalId)
      throw new FaultTargetError(
        `target.account: account '${account.name}' has no system-assigned identity (identity.type ${account.identity.type})`,
      );
    const undo: Undo = {
      region,
      account: account.name,
      identityType: identityType.data,
      userAssignedIds: Object.keys(account.identity.userAssignedIdentities ?? {}),
      principalId: account.identity.principalId,
      ...(await rememberGrants(ctx, request, account.identity.principalId)),
    };
    await ctx.remember(undo);
    await ctx.operator.storage(region).updateAccount({
      name: account.name,
      identity:
        undo.userAssignedIds.length > 0
          ? { type: 'UserAssigned', userAssignedIdentities: idsAsMap(undo.userAssignedIds) }
          : { type: 'None' },
    });
    return {
      effect: `disabled the system-assigned identity of account ${account.name} (principal ${undo.principalId})${
        usesSystemIdentity(account)
          ? ': the account reaches its key with it, so storage answers 403 KeyVaultAccessTokenCannotBeAcquired once its cached token and key expire'
          : ''
      }. Undo enables it again with a new principal id; ${describeRegrant(undo)}`,
      undo,
    };
  },
  undo: async (record, ctx) => {
    await regrantNewPrincipal(ctx, record, record.principalId, await enableAgain(ctx, record));
  },
});

/** The account's system-assigned principal now: enabled again if it is off (a new one), else the current. */
async function enableAgain(ctx: FaultContext, record: Undo): Promise<string> {
  const storage = ctx.operator.storage(record.region);
  const account = await storage.getAccount({ name: record.account });
  if (account.identity.type.includes('SystemAssigned') && account.identity.principalId)
    return account.identity.principalId;
  const updated = await storage.updateAccount({
    name: record.account,
    identity: {
      type: record.identityType,
      ...(record.userAssignedIds.length > 0
        ? { userAssignedIdentities: idsAsMap(record.userAssignedIds) }
        : {}),
    },
  });
  if (!updated.identity.principalId)
    throw new Error(`account ${record.account} did not get a system-assigned identity back`);
  return updated.identity.principalId;
}

function idsAsMap(ids: readonly string[]): Record<string, Record<string, never>> {
  return Object.fromEntries(ids.map((id) => [id, {}]));
}

function usesSystemIdentity(account: StorageAccount): boolean {
  const encryption = account.properties.encryption;
  return encryption.keySource === 'Microsoft.Keyvault' && !encryption.identity?.userAssignedIdentity;
}
