import type { KeyOperation } from './key-operations.js';

/**
 * Access-policy key permissions as the Key Vault ARM API spells them (`KeyPermissions` enum), plus `all`.
 * Confirmed against about-keys-details.md and the ARM SDK enums; matching is case-insensitive in the rules.
 */
export const keyPermissions = [
  'all',
  'get',
  'list',
  'update',
  'create',
  'import',
  'delete',
  'recover',
  'backup',
  'restore',
  'decrypt',
  'encrypt',
  'unwrapKey',
  'wrapKey',
  'verify',
  'sign',
  'purge',
  'release',
  'rotate',
  'getrotationpolicy',
  'setrotationpolicy',
] as const;

/** One access-policy key permission. */
export type KeyPermission = (typeof keyPermissions)[number];

/**
 * The access-policy permission each key operation needs. The REST docs say getDeletedKey needs keys/get and
 * listDeletedKeys keys/list (confirmed). They also say the rotation-policy operations need keys/get and
 * keys/update. This table follows the dedicated getrotationpolicy / setrotationpolicy permissions instead: the
 * ARM enum and the access-policy -> RBAC migration tables list them for exactly these operations.
 */
export const keyOperationPermissions = {
  getKey: 'get',
  listKeys: 'list',
  listKeyVersions: 'list',
  createKey: 'create',
  importKey: 'import',
  updateKey: 'update',
  deleteKey: 'delete',
  getDeletedKey: 'get',
  listDeletedKeys: 'list',
  recoverDeletedKey: 'recover',
  purgeDeletedKey: 'purge',
  backupKey: 'backup',
  restoreKey: 'restore',
  rotateKey: 'rotate',
  getKeyRotationPolicy: 'getrotationpolicy',
  updateKeyRotationPolicy: 'setrotationpolicy',
  encrypt: 'encrypt',
  decrypt: 'decrypt',
  wrapKey: 'wrapKey',
  unwrapKey: 'unwrapKey',
  sign: 'sign',
  verify: 'verify',
  release: 'release',
} as const satisfies Record<KeyOperation, Exclude<KeyPermission, 'all'>>;
