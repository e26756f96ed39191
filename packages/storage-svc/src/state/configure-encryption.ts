import type { AzureError, HandlerContext } from '@cmk-testbed/shared';
import { wrapWithPlatformKey } from '../envelope/index.js';
import { vaultNameOf } from './account-ids.js';
import type { StoredAccount, WrappedAccountKey } from './documents.js';
import { managementError } from './management-error.js';
import type { StorageState } from './storage-state.js';

const allowedSizes = [2048, 3072, 4096];

export interface EncryptionRequest {
  keySource: 'Microsoft.Storage' | 'Microsoft.Keyvault';
  keyvaultproperties?:
    | { keyname?: string | undefined; keyversion?: string | undefined; keyvaulturi?: string | undefined }
    | undefined;
  identity?:
    | { userAssignedIdentity?: string | undefined; federatedIdentityClientId?: string | undefined }
    | undefined;
}

/**
 * Validates an encryption setting as Azure does before accepting it, and wraps the account key under it: the
 * vault must resolve and be reachable, have soft delete and purge protection, hold an enabled RSA key of an
 * allowed size, and the account's identity must get a token and wrap with it. Profile `legacy-2020` also
 * demands the same tenant and region and RSA 2048. A failure leaves the account as it was.
 */
export async function configureEncryption(
  state: StorageState,
  account: StoredAccount,
  request: EncryptionRequest,
  accountKey: Buffer,
  ctx: HandlerContext,
): Promise<{ encryption: StoredAccount['encryption']; wrappedKey: WrappedAccountKey }> {
  const keyTypes = account.encryption.keyTypes;
  const requireInfrastructureEncryption = account.encryption.requireInfrastructureEncryption;
  if (request.keySource === 'Microsoft.Storage') {
    return {
      encryption: { keySource: 'Microsoft.Storage', requireInfrastructureEncryption, keyTypes },
      wrappedKey: {
        by: 'platform',
        value: wrapWithPlatformKey(accountKey, state.platformKey, account.name).toString('base64'),
      },
    };
  }
  const props = request.keyvaultproperties;
  if (!props?.keyname || !props.keyvaulturi) {
    throw managementError(
      400,
      'InvalidValuesForRequestParameters',
      'encryption.keyvaultproperties: keyname and keyvaulturi are required for keySource Microsoft.Keyvault.',
    );
  }
  const vaultName = vaultNameOf(props.keyvaulturi);
  if (!vaultName)
    throw managementError(
      400,
      'InvalidValuesForRequestParameters',
      `encryption.keyvaultproperties.keyvaulturi: '${props.keyvaulturi}' is not a Key Vault URI (https://<vault>.vault.azure.net).`,
    );
  const uami = request.identity?.userAssignedIdentity;
  if (uami && !account.identity.userAssigned.some((u) => u.id.toLowerCase() === uami.toLowerCase())) {
    throw managementError(
      400,
      'InvalidRequestPropertyValue',
      `encryption.identity.userAssignedIdentity: '${uami}' is not assigned to the account (identity.userAssignedIdentities).`,
    );
  }
  if (!uami && !account.identity.systemAssigned) {
    throw managementError(
      400,
      'InvalidRequestPropertyValue',
      'encryption.identity: the account has no system-assigned identity; name a user-assigned identity in encryption.identity.userAssignedIdentity.',
    );
  }
  const candidate: StoredAccount = {
    ...account,
    encryption: {
      keySource: 'Microsoft.Keyvault',
      requireInfrastructureEncryption,
      keyTypes,
      keyvault: {
        keyname: props.keyname,
        keyvaulturi: props.keyvaulturi,
        ...(props.keyversion ? { keyversion: props.keyversion } : {}),
      },
      identity: {
        ...(uami ? { userAssignedIdentity: uami } : {}),
        ...(request.identity?.federatedIdentityClientId
          ? { federatedIdentityClientId: request.identity.federatedIdentityClientId }
          : {}),
      },
    },
  };
  const refused = (message: string, cause?: AzureError) =>
    managementError(400, 'KeyVaultValidationFailed', `encryption: ${message}`, cause?.toBody());
  const vault = await state.keys.resolveVault(props.keyvaulturi, ctx).catch((e: AzureError) => {
    throw refused(`the key vault '${vaultName}' could not be found or reached.`, e);
  });
  if (!vault.enablePurgeProtection)
    throw refused(`the key vault '${vaultName}' must have soft delete and purge protection enabled.`);
  const accountTenant =
    account.identity.systemAssigned?.tenantId ?? account.identity.userAssigned[0]?.tenantId;
  const profile = account.profile ?? state.profile;
  if (profile === 'legacy-2020') {
    if (vault.location !== account.location)
      throw refused(
        `profile legacy-2020: the key vault must be in the account's region (${account.location}), not ${vault.location}.`,
      );
    if (accountTenant && vault.tenantId !== accountTenant)
      throw refused('profile legacy-2020: the key vault must be in the same Azure AD tenant as the account.');
  }
  const authorization = `Bearer ${await state.keys
    .vaultToken(candidate, vault.tenantId, ctx)
    .catch((e: AzureError) => {
      throw refused("a token for the key vault could not be acquired with the account's identity.", e);
    })}`;
  const call = { scope: vault.location, origin: undefined, deadline: ctx.deadline };
  const key = await state.keyvault
    .getKey(
      {
        vault: vaultName,
        authorization,
        name: props.keyname,
        ...(props.keyversion ? { version: props.keyversion } : {}),
      },
      call,
    )
    .catch((e: AzureError) => {
      throw refused(
        `the key '${props.keyname}' could not be read with the account's identity (get permission is required).`,
        e,
      );
    });
  const size = key.key.n ? Buffer.from(key.key.n, 'base64url').length * 8 : 0;
  if (!key.key.kty.startsWith('RSA') || !allowedSizes.includes(size)) {
    throw refused(
      `the key must be RSA or RSA-HSM of 2048, 3072 or 4096 bits; '${props.keyname}' is ${key.key.kty}${size ? ` ${size}` : ''}.`,
    );
  }
  if (profile === 'legacy-2020' && size !== 2048)
    throw refused('profile legacy-2020: only RSA 2048 keys are supported.');
  if (!key.attributes.enabled) throw refused(`the key '${props.keyname}' is disabled.`);
  const version = key.key.kid.split('/').at(-1)!;
  const wrapped = await state.keyvault
    .wrapKey(
      {
        vault: vaultName,
        authorization,
        name: props.keyname,
        version,
        alg: 'RSA-OAEP',
        value: new Uint8Array(accountKey),
      },
      call,
    )
    .catch((e: AzureError) => {
      throw refused(
        `the account key could not be wrapped with '${props.keyname}' (wrapKey permission is required).`,
        e,
      );
    });
  const now = new Date(ctx.clock.now()).toISOString();
  return {
    encryption: {
      ...candidate.encryption,
      keyvault: {
        ...candidate.encryption.keyvault!,
        currentVersionedKeyIdentifier: wrapped.kid,
        lastKeyRotationTimestamp: now,
        ...(key.attributes.exp
          ? { currentVersionedKeyExpirationTimestamp: new Date(key.attributes.exp * 1000).toISOString() }
          : {}),
      },
    },
    wrappedKey: {
      by: 'vault',
      value: Buffer.from(wrapped.value).toString('base64'),
      kid: wrapped.kid,
      alg: 'RSA-OAEP',
    },
  };
}
