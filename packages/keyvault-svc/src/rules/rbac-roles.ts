/** An Azure role definition, reduced to what the data plane looks at. */
export type RoleDefinition = {
  /** The role definition GUID (the last segment of its ARM id). */
  id: string;
  roleName: string;
  /** May contain `*` wildcards, as in Azure. */
  dataActions: readonly string[];
  notDataActions: readonly string[];
};

/**
 * Built-in Key Vault roles with their data actions. Ids and data actions confirmed by search against Microsoft's
 * built-in role reference (azure-docs `articles/role-based-access-control/built-in-roles/security.md`).
 * Key Vault Reader's `vaults/*\/read` wildcard also matches keys/read and keyrotationpolicies/read, so a
 * Reader can get and list keys (public material only) but cannot use them.
 */
export const builtInRoles = {
  keyVaultAdministrator: {
    id: '00482a5a-887f-4fb3-b363-3b7fe8e74483',
    roleName: 'Key Vault Administrator',
    dataActions: ['Microsoft.KeyVault/vaults/*'],
    notDataActions: [],
  },
  keyVaultCryptoOfficer: {
    id: '14b46e9e-c2b7-41b4-b07b-48a6ebf60603',
    roleName: 'Key Vault Crypto Officer',
    dataActions: ['Microsoft.KeyVault/vaults/keys/*', 'Microsoft.KeyVault/vaults/keyrotationpolicies/*'],
    notDataActions: [],
  },
  keyVaultCryptoUser: {
    id: '12338af0-0e69-4776-bea7-57ae8d297424',
    roleName: 'Key Vault Crypto User',
    dataActions: [
      'Microsoft.KeyVault/vaults/keys/read',
      'Microsoft.KeyVault/vaults/keys/update/action',
      'Microsoft.KeyVault/vaults/keys/backup/action',
      'Microsoft.KeyVault/vaults/keys/encrypt/action',
      'Microsoft.KeyVault/vaults/keys/decrypt/action',
      'Microsoft.KeyVault/vaults/keys/wrap/action',
      'Microsoft.KeyVault/vaults/keys/unwrap/action',
      'Microsoft.KeyVault/vaults/keys/sign/action',
      'Microsoft.KeyVault/vaults/keys/verify/action',
    ],
    notDataActions: [],
  },
  keyVaultCryptoServiceEncryptionUser: {
    id: 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
    roleName: 'Key Vault Crypto Service Encryption User',
    dataActions: [
      'Microsoft.KeyVault/vaults/keys/read',
      'Microsoft.KeyVault/vaults/keys/wrap/action',
      'Microsoft.KeyVault/vaults/keys/unwrap/action',
    ],
    notDataActions: [],
  },
  keyVaultCryptoServiceReleaseUser: {
    id: '08bbd89e-9f13-488c-ac41-acfcb10c90ab',
    roleName: 'Key Vault Crypto Service Release User',
    dataActions: ['Microsoft.KeyVault/vaults/keys/release/action'],
    notDataActions: [],
  },
  keyVaultReader: {
    id: '21090545-7ca7-4776-b22c-e363652d74d2',
    roleName: 'Key Vault Reader',
    dataActions: [
      'Microsoft.KeyVault/vaults/*/read',
      'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
    ],
    notDataActions: [],
  },
  keyVaultContributor: {
    // Control plane only: it can change access policies and network rules but has no data actions.
    id: 'f25e0fa2-a7c8-4377-a976-54943a77a395',
    roleName: 'Key Vault Contributor',
    dataActions: [],
    notDataActions: [],
  },
} as const satisfies Record<string, RoleDefinition>;

const builtInRoleList: readonly RoleDefinition[] = Object.values(builtInRoles);

/**
 * Finds a role by GUID, by full ARM role-definition id (`/subscriptions/<sub>/providers/Microsoft.Authorization/
 * roleDefinitions/<guid>` or the tenant-level `/providers/...` form) or by role name, case-insensitively.
 */
export function findRoleDefinition(
  idOrName: string,
  definitions: readonly RoleDefinition[] = builtInRoleList,
): RoleDefinition | undefined {
  const wanted = idOrName.trim().toLowerCase();
  const lastSegment = wanted.split('/').filter(Boolean).at(-1) ?? wanted;
  return definitions.find(
    (role) => role.id.toLowerCase() === lastSegment || role.roleName.toLowerCase() === wanted,
  );
}
