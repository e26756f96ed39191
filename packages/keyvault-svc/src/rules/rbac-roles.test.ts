import { describe, expect, it } from 'vitest';
import { dataActionMatches, roleAllowsDataAction } from './data-action-matches.js';
import { keyDataActions } from './data-actions.js';
import { type KeyOperation, keyOperations } from './key-operations.js';
import { builtInRoles, findRoleDefinition, type RoleDefinition } from './rbac-roles.js';

const readOps: KeyOperation[] = ['getKey', 'listKeys', 'listKeyVersions', 'getDeletedKey', 'listDeletedKeys'];

function allowedOperations(role: RoleDefinition): KeyOperation[] {
  return keyOperations.filter((operation) => roleAllowsDataAction(role, keyDataActions[operation]));
}

describe('dataActionMatches', () => {
  it('matches exactly, ignoring case', () => {
    expect(
      dataActionMatches('Microsoft.KeyVault/vaults/keys/read', 'microsoft.keyvault/VAULTS/keys/read'),
    ).toBe(true);
    expect(
      dataActionMatches('Microsoft.KeyVault/vaults/keys/read', 'Microsoft.KeyVault/vaults/keys/readx'),
    ).toBe(false);
  });

  it('lets * span path segments, as Azure does', () => {
    expect(dataActionMatches('Microsoft.KeyVault/vaults/*/read', 'Microsoft.KeyVault/vaults/keys/read')).toBe(
      true,
    );
    expect(
      dataActionMatches('Microsoft.KeyVault/vaults/*', 'Microsoft.KeyVault/vaults/keys/unwrap/action'),
    ).toBe(true);
    expect(dataActionMatches('*', 'Microsoft.KeyVault/vaults/keys/unwrap/action')).toBe(true);
    expect(
      dataActionMatches('Microsoft.KeyVault/vaults/*/read', 'Microsoft.KeyVault/vaults/keys/unwrap/action'),
    ).toBe(false);
  });

  it('treats regex metacharacters in patterns literally', () => {
    expect(
      dataActionMatches('Microsoft.KeyVault/vaults/keys/read', 'MicrosoftXKeyVault/vaults/keys/read'),
    ).toBe(false);
  });
});

describe('roleAllowsDataAction', () => {
  it('lets notDataActions carve out of a wildcard', () => {
    const role: RoleDefinition = {
      id: 'custom',
      roleName: 'No purge',
      dataActions: ['Microsoft.KeyVault/vaults/keys/*'],
      notDataActions: ['Microsoft.KeyVault/vaults/keys/purge/action'],
    };
    expect(roleAllowsDataAction(role, keyDataActions.deleteKey)).toBe(true);
    expect(roleAllowsDataAction(role, keyDataActions.purgeDeletedKey)).toBe(false);
  });
});

describe('built-in Key Vault roles', () => {
  it('Crypto Service Encryption User can read keys and wrap/unwrap, nothing more', () => {
    expect(allowedOperations(builtInRoles.keyVaultCryptoServiceEncryptionUser)).toEqual([
      ...readOps,
      'wrapKey',
      'unwrapKey',
    ]);
  });

  it('Crypto User can read, update, back up and use keys, but not create, delete, rotate or release them', () => {
    expect(allowedOperations(builtInRoles.keyVaultCryptoUser)).toEqual([
      'getKey',
      'listKeys',
      'listKeyVersions',
      'updateKey',
      'getDeletedKey',
      'listDeletedKeys',
      'backupKey',
      'encrypt',
      'decrypt',
      'wrapKey',
      'unwrapKey',
      'sign',
      'verify',
    ]);
  });

  it('Crypto Officer and Administrator can do every key operation', () => {
    expect(allowedOperations(builtInRoles.keyVaultCryptoOfficer)).toEqual([...keyOperations]);
    expect(allowedOperations(builtInRoles.keyVaultAdministrator)).toEqual([...keyOperations]);
  });

  it('Reader can read keys and rotation policies through its vaults/*/read wildcard, and use nothing', () => {
    expect(allowedOperations(builtInRoles.keyVaultReader)).toEqual([
      'getKey',
      'listKeys',
      'listKeyVersions',
      'getDeletedKey',
      'listDeletedKeys',
      'getKeyRotationPolicy',
    ]);
  });

  it('Contributor has no data-plane access at all', () => {
    expect(allowedOperations(builtInRoles.keyVaultContributor)).toEqual([]);
  });

  it('Crypto Service Release User can only release', () => {
    expect(allowedOperations(builtInRoles.keyVaultCryptoServiceReleaseUser)).toEqual(['release']);
  });
});

describe('findRoleDefinition', () => {
  const officer = builtInRoles.keyVaultCryptoOfficer;

  it('finds a role by GUID, by either ARM id form, or by name, ignoring case', () => {
    expect(findRoleDefinition(officer.id)).toBe(officer);
    expect(findRoleDefinition(officer.id.toUpperCase())).toBe(officer);
    expect(findRoleDefinition(`/providers/Microsoft.Authorization/roleDefinitions/${officer.id}`)).toBe(
      officer,
    );
    expect(
      findRoleDefinition(
        `/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleDefinitions/${officer.id}`,
      ),
    ).toBe(officer);
    expect(findRoleDefinition('key vault crypto officer')).toBe(officer);
  });

  it('returns undefined for an unknown role and searches custom definitions when given', () => {
    expect(findRoleDefinition('8e3af657-a8ff-443c-a75c-2fe8c4bcb635')).toBeUndefined();
    const custom: RoleDefinition = { id: 'abc', roleName: 'Custom', dataActions: [], notDataActions: [] };
    expect(findRoleDefinition('ABC', [custom])).toBe(custom);
    expect(findRoleDefinition(officer.id, [custom])).toBeUndefined();
  });
});
