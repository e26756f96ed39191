/**
 * Key Vault key operations by their REST operation names (keys.json 7.5). The rules below map each one to an
 * RBAC data action and an access-policy permission.
 */
export const keyOperations = [
  'getKey',
  'listKeys',
  'listKeyVersions',
  'createKey',
  'importKey',
  'updateKey',
  'deleteKey',
  'getDeletedKey',
  'listDeletedKeys',
  'recoverDeletedKey',
  'purgeDeletedKey',
  'backupKey',
  'restoreKey',
  'rotateKey',
  'getKeyRotationPolicy',
  'updateKeyRotationPolicy',
  'encrypt',
  'decrypt',
  'wrapKey',
  'unwrapKey',
  'sign',
  'verify',
  'release',
] as const;

/** One Key Vault key operation, by REST name. */
export type KeyOperation = (typeof keyOperations)[number];

/** Narrows an arbitrary string to a known key operation. */
export function isKeyOperation(value: string): value is KeyOperation {
  return (keyOperations as readonly string[]).includes(value);
}
