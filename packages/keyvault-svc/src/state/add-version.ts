import type { KeyMaterial } from '../crypto/index.js';
import type { StoredKey, StoredKeyVersion, StoredVault } from './documents.js';
import { newVersionId, sealedVersion } from './key-material-store.js';
import { conflict } from './keyvault-errors.js';
import type { KeyvaultState } from './keyvault-state.js';
import { kidOf } from './present-key.js';
import { VersionSuperseded } from './version-superseded.js';

type Attributes = { enabled?: boolean | undefined; nbf?: number | undefined; exp?: number | undefined };

const defaultKeyOps = {
  RSA: ['encrypt', 'decrypt', 'sign', 'verify', 'wrapKey', 'unwrapKey'],
  EC: ['sign', 'verify'],
} as const;

/**
 * Adds a version to a key (creating the key on first use). A soft-deleted name cannot be reused: 409
 * ObjectIsDeletedButRecoverable, as in Azure.
 */
export async function addVersion(
  state: KeyvaultState,
  vault: StoredVault,
  name: string,
  material: KeyMaterial,
  options: {
    keyOps?: readonly string[] | undefined;
    attributes?: Attributes | undefined;
    tags?: Record<string, string> | undefined;
    /** Add the version only while this is still the newest one (a policy rotation racing other replicas). */
    onlyIfLatest?: string | undefined;
  },
  now: number,
): Promise<{ key: StoredKey; version: StoredKeyVersion }> {
  const nowSec = Math.floor(now / 1000);
  const version = newVersionId();
  const kid = kidOf(vault.name, name, version);
  const family = material.kty.startsWith('EC') ? 'EC' : 'RSA';
  const stored: StoredKeyVersion = {
    version,
    ...sealedVersion(material, kid, state.masterKey),
    keyOps: [...(options.keyOps ?? defaultKeyOps[family])],
    enabled: options.attributes?.enabled ?? true,
    ...(options.attributes?.nbf !== undefined ? { nbf: options.attributes.nbf } : {}),
    ...(options.attributes?.exp !== undefined ? { exp: options.attributes.exp } : {}),
    created: nowSec,
    updated: nowSec,
    ...(options.tags ? { tags: options.tags } : {}),
  };
  const key = await state.store.keys(vault.name).mutate(name, (current) => {
    if (current?.deleted) {
      throw conflict(
        'ObjectIsDeletedButRecoverable',
        `Key ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the key can only be recovered or purged.`,
      );
    }
    if (options.onlyIfLatest !== undefined && current?.versions.at(-1)?.version !== options.onlyIfLatest) {
      throw new VersionSuperseded(name);
    }
    return current
      ? { ...current, versions: [...current.versions, stored] }
      : { vault: vault.name, name, versions: [stored] };
  });
  state.events.publish('KeyNewVersionCreated', { vault: vault.name, key: name, version, kid });
  state.purges.keyChanged(key!);
  return { key: key!, version: stored };
}
