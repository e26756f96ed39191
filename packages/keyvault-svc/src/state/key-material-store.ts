import { randomBytes } from 'node:crypto';
import { type KeyMaterial, openPrivateKey, sealPrivateKey } from '../crypto/index.js';
import type { StoredKeyVersion } from './documents.js';
import type { KeyvaultState } from './keyvault-state.js';
import { kidOf } from './present-key.js';

/** A new 32-hex-character version id, as Key Vault's. */
export function newVersionId(): string {
  return randomBytes(16).toString('hex');
}

/** Seals new material for storage; the kid is the AES-GCM associated data, so a sealed blob cannot be moved. */
export function sealedVersion(
  material: KeyMaterial,
  kid: string,
  masterKey: Buffer,
): Pick<StoredKeyVersion, 'kty' | 'keySize' | 'curve' | 'sealed' | 'publicJwk'> {
  return {
    kty: material.kty,
    ...(material.keySize ? { keySize: material.keySize } : {}),
    ...(material.curve ? { curve: material.curve } : {}),
    sealed: sealPrivateKey(material.privateKeyDer, masterKey, kid),
    publicJwk: material.publicJwk,
  };
}

/** The material of a stored version, unsealed once and cached by kid. */
export function materialOf(
  state: KeyvaultState,
  vault: string,
  name: string,
  v: StoredKeyVersion,
): KeyMaterial {
  const kid = kidOf(vault, name, v.version);
  return state.materials.get(kid, v, (version) => ({
    kty: version.kty,
    ...(version.keySize ? { keySize: version.keySize } : {}),
    ...(version.curve ? { curve: version.curve as KeyMaterial['curve'] } : {}),
    privateKeyDer: openPrivateKey(version.sealed, state.masterKey, kid),
    publicJwk: version.publicJwk as KeyMaterial['publicJwk'],
  }));
}
