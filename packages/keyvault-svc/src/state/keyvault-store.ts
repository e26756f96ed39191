import { encodeKeyPart, isCasConflict, KvDocuments, KvMirror, openStateBucket } from '@cmk-testbed/shared';
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
 * Vaults, keys and role assignments in JetStream. Reads come from a live mirror of the bucket (no round trip
 * on the unwrap path); writes are compare-and-set in JetStream and applied to the mirror at once, and other
 * replicas see them through the watch within milliseconds.
 */
export class KeyvaultStore {
  readonly vaults: KvDocuments<StoredVault>;
  readonly roles: KvDocuments<VaultRoles>;
  readonly #kv: KV;
  readonly #mirror: KvMirror;
  readonly #keys = new Map<string, KvDocuments<StoredKey>>();

  private constructor(kv: KV, mirror: KvMirror) {
    this.#kv = kv;
    this.#mirror = mirror;
    this.vaults = new KvDocuments(kv, 'vault', storedVaultSchema, mirror);
    this.roles = new KvDocuments(kv, 'roles', vaultRolesSchema, mirror);
  }

  static async open(nc: NatsConnection, replicas = 1): Promise<KeyvaultStore> {
    const kv = await openStateBucket(nc, keyvaultBucketName, replicas);
    return new KeyvaultStore(kv, await KvMirror.start(kv));
  }

  close(): void {
    this.#mirror.stop();
  }

  /** The bucket key of a vault document (what `watch` reports and `deleteAtRevision` takes). */
  static vaultEntry(name: string): string {
    return `vault.${encodeKeyPart(name)}`;
  }

  /** The bucket key of a key document. */
  static keyEntry(vault: string, name: string): string {
    return `key.${vault}.${encodeKeyPart(name)}`;
  }

  /**
   * Deletes a document only if it is still at `revision`: of two replicas acting on the same reading, exactly
   * one succeeds (false for the other, or when anyone changed the document since).
   */
  async deleteAtRevision(entry: string, revision: number): Promise<boolean> {
    try {
      await this.#kv.delete(entry, { previousSeq: revision });
    } catch (error) {
      if (isCasConflict(error)) return false;
      throw error;
    }
    const marker = await this.#kv.get(entry);
    this.#mirror.apply(entry, marker?.revision ?? revision + 1, undefined);
    return true;
  }

  /**
   * Every document as it is now, then every change as it happens (from any replica), in bucket order; `value`
   * is undefined for a deletion. Fed by the store's mirror, so it costs no watch of its own.
   */
  watch(onEntry: (entry: string, value: unknown) => void): { stop(): void } {
    const stop = this.#mirror.follow(onEntry);
    return { stop: () => void stop() };
  }

  /** The keys of one vault, under `key.<vault>.*` so a vault's keys list without scanning others. */
  keys(vault: string): KvDocuments<StoredKey> {
    let docs = this.#keys.get(vault);
    if (!docs) {
      docs = new KvDocuments(this.#kv, `key.${vault}`, storedKeySchema, this.#mirror);
      this.#keys.set(vault, docs);
    }
    return docs;
  }
}
