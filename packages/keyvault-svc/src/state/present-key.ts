import type { KeyAttributes, KeyBundle } from '@cmk-testbed/shared';
import type { StoredKey, StoredKeyVersion, StoredVault } from './documents.js';

export function keyBaseId(vault: string, name: string): string {
  return `https://${vault}.vault.azure.net/keys/${name}`;
}

export function kidOf(vault: string, name: string, version: string): string {
  return `${keyBaseId(vault, name)}/${version}`;
}

/** Key Vault's recovery level for the vault's soft-delete settings. */
export function recoveryLevel(
  vault: Pick<StoredVault, 'softDeleteRetentionInDays' | 'enablePurgeProtection'>,
): string {
  const prefix = vault.softDeleteRetentionInDays === 90 ? 'Recoverable' : 'CustomizedRecoverable';
  return vault.enablePurgeProtection ? `${prefix}+ProtectedSubscription` : `${prefix}+Purgeable`;
}

export function keyAttributes(v: StoredKeyVersion, vault: StoredVault): KeyAttributes {
  return {
    enabled: v.enabled,
    ...(v.nbf !== undefined ? { nbf: v.nbf } : {}),
    ...(v.exp !== undefined ? { exp: v.exp } : {}),
    created: v.created,
    updated: v.updated,
    recoverableDays: vault.softDeleteRetentionInDays,
    recoveryLevel: recoveryLevel(vault),
    exportable: false,
  };
}

/** A KeyBundle: the public JsonWebKey only. No reply ever carries private key material. */
export function presentKey(key: StoredKey, v: StoredKeyVersion, vault: StoredVault): KeyBundle {
  // The stored JWK says RSA or EC; the bundle keeps the key's own type (RSA-HSM stays RSA-HSM).
  const { kty: _family, ...publicParts } = v.publicJwk;
  return {
    key: { kid: kidOf(key.vault, key.name, v.version), kty: v.kty, key_ops: v.keyOps, ...publicParts },
    attributes: keyAttributes(v, vault),
    ...(v.tags ? { tags: v.tags } : {}),
  };
}
