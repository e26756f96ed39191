import { KvDocuments, openStateBucket } from '@cmk-testbed/shared';
import type { KV, NatsConnection } from 'nats';
import {
  type StoredKey,
  type StoredVault,
  storedKeySchema,
  storedVaultSchema,
  type VaultRoles,
  vaultRolesSchema,
} from './documents.js';

/** The JetStream KV bucket holding every region's vaults: vault names are global, as in Azure. */
export const keyvaultBucketName = 'cmk-keyvault';

/**
 * Vaults, keys and role assignments in JetStream. Each request reads the current documents, so every replica
 * of a region answers the same way; writes are compare-and-set.
 */
export class KeyvaultStore {
  readonly vaults: KvDocuments<StoredVault>;
  readonly roles: KvDocuments<VaultRoles>;
  readonly #kv: KV;
  readonly #keys = new Map<string, KvDocuments<StoredKey>>();

  private constructor(kv: KV) {
    this.#kv = kv;
    this.vaults = new KvDocuments(kv, 'vault', storedVaultSchema);
    this.roles = new KvDocuments(kv, 'roles', vaultRolesSchema);
  }

  static async open(nc: NatsConnection, replicas = 1): Promise<KeyvaultStore> {
    return new KeyvaultStore(await openStateBucket(nc, keyvaultBucketName, replicas));
  }

  /** The keys of one vault, under `key.<vault>.*` so a vault's keys list without scanning others. */
  keys(vault: string): KvDocuments<StoredKey> {
    let docs = this.#keys.get(vault);
    if (!docs) {
      docs = new KvDocuments(this.#kv, `key.${vault}`, storedKeySchema);
      this.#keys.set(vault, docs);
    }
    return docs;
  }
}
