import type { HandlerContext } from '@cmk-testbed/shared';
import { accountResourceId } from './account-ids.js';
import type { StoredAccount } from './documents.js';
import { managementError } from './management-error.js';
import type { StorageState } from './storage-state.js';

export interface IdentityInput {
  type: 'None' | 'SystemAssigned' | 'UserAssigned' | 'SystemAssigned,UserAssigned';
  userAssignedIdentities?: Record<string, unknown> | undefined;
}

/**
 * Makes Entra match the account's `identity`: enables or disables the system-assigned identity (a new
 * principal each time it is enabled again) and attaches or detaches the user-assigned one. ARM allows one
 * user-assigned identity on a storage account.
 */
export async function applyIdentity(
  state: StorageState,
  account: Pick<StoredAccount, 'name' | 'subscriptionId' | 'resourceGroup' | 'identity'>,
  input: IdentityInput,
  ctx: HandlerContext,
): Promise<StoredAccount['identity']> {
  const resourceId = accountResourceId(account);
  const wantSystem = input.type.includes('SystemAssigned');
  const wantedIds = input.type.includes('UserAssigned')
    ? Object.keys(input.userAssignedIdentities ?? {})
    : [];
  if (wantedIds.length > 1) {
    throw managementError(
      400,
      'InvalidRequestPropertyValue',
      'identity.userAssignedIdentities: only 1 user-assigned identity is permitted on a storage account.',
    );
  }
  if (input.type.includes('UserAssigned') && wantedIds.length === 0) {
    throw managementError(
      400,
      'InvalidRequestPropertyValue',
      'identity.userAssignedIdentities: name the user-assigned identity for type UserAssigned.',
    );
  }
  const opts = { deadline: ctx.deadline };
  let systemAssigned = account.identity.systemAssigned;
  if (wantSystem && !systemAssigned) {
    const sami = await state.entra.enableSystemAssignedIdentity({ resourceId }, opts);
    systemAssigned = { principalId: sami.principalId, tenantId: sami.tenantId, clientId: sami.clientId };
  } else if (!wantSystem && systemAssigned) {
    await state.entra.disableSystemAssignedIdentity({ resourceId }, opts);
    systemAssigned = undefined;
  }
  const userAssigned: StoredAccount['identity']['userAssigned'] = [];
  for (const id of wantedIds) {
    const uami = await state.entra.getUserAssignedIdentity({ id }, opts).catch((error: unknown) => {
      throw managementError(
        400,
        'InvalidIdentity',
        `identity.userAssignedIdentities: '${id}' was not found.`,
        (error as { toBody?: () => never }).toBody?.(),
      );
    });
    await state.entra.attachUserAssignedIdentity({ resourceId, identityId: uami.id }, opts);
    userAssigned.push({
      id: uami.id,
      principalId: uami.principalId,
      clientId: uami.clientId,
      tenantId: uami.tenantId,
    });
  }
  for (const old of account.identity.userAssigned) {
    if (!userAssigned.some((u) => u.id.toLowerCase() === old.id.toLowerCase())) {
      await state.entra.detachUserAssignedIdentity({ resourceId, identityId: old.id }, opts);
    }
  }
  return { ...(systemAssigned ? { systemAssigned } : {}), userAssigned };
}
