import type { KeyOperation } from './key-operations.js';

/**
 * The RBAC data action each key operation needs.
 *
 * Confirmed by search (Microsoft's resource-provider operations list, azure-docs
 * `articles/role-based-access-control/permissions/security.md`, and built-in role JSON): every string below
 * exists as a Microsoft.KeyVault data action, with the casing shown.
 * Confirmed mapping (access-policy -> RBAC migration tables and REST docs): get/list -> keys/read,
 * getrotationpolicy -> keyrotationpolicies/read, setrotationpolicy -> keyrotationpolicies/write.
 * Assumption: getDeletedKey and listDeletedKeys need keys/read. Microsoft publishes no separate
 * "deletedkeys" data action, and the REST docs say those operations need keys/get and keys/list.
 */
export const keyDataActions = {
  getKey: 'Microsoft.KeyVault/vaults/keys/read',
  listKeys: 'Microsoft.KeyVault/vaults/keys/read',
  listKeyVersions: 'Microsoft.KeyVault/vaults/keys/read',
  createKey: 'Microsoft.KeyVault/vaults/keys/create/action',
  importKey: 'Microsoft.KeyVault/vaults/keys/import/action',
  updateKey: 'Microsoft.KeyVault/vaults/keys/update/action',
  deleteKey: 'Microsoft.KeyVault/vaults/keys/delete',
  getDeletedKey: 'Microsoft.KeyVault/vaults/keys/read',
  listDeletedKeys: 'Microsoft.KeyVault/vaults/keys/read',
  recoverDeletedKey: 'Microsoft.KeyVault/vaults/keys/recover/action',
  purgeDeletedKey: 'Microsoft.KeyVault/vaults/keys/purge/action',
  backupKey: 'Microsoft.KeyVault/vaults/keys/backup/action',
  restoreKey: 'Microsoft.KeyVault/vaults/keys/restore/action',
  rotateKey: 'Microsoft.KeyVault/vaults/keys/rotate/action',
  getKeyRotationPolicy: 'Microsoft.KeyVault/vaults/keyrotationpolicies/read',
  updateKeyRotationPolicy: 'Microsoft.KeyVault/vaults/keyrotationpolicies/write',
  encrypt: 'Microsoft.KeyVault/vaults/keys/encrypt/action',
  decrypt: 'Microsoft.KeyVault/vaults/keys/decrypt/action',
  wrapKey: 'Microsoft.KeyVault/vaults/keys/wrap/action',
  unwrapKey: 'Microsoft.KeyVault/vaults/keys/unwrap/action',
  sign: 'Microsoft.KeyVault/vaults/keys/sign/action',
  verify: 'Microsoft.KeyVault/vaults/keys/verify/action',
  release: 'Microsoft.KeyVault/vaults/keys/release/action',
} as const satisfies Record<KeyOperation, string>;

/** A Key Vault key data action string. */
export type KeyDataAction = (typeof keyDataActions)[KeyOperation];
