import { KvDocuments, KvMirror, openStateBucket } from '@cmk-testbed/shared';
import type { KV, NatsConnection } from 'nats';
import type { z } from 'zod';
import {
  type FileNode,
  fileNodeSchema,
  type StagedBlocks,
  type StoredAccount,
  type StoredBlob,
  type StoredContainer,
  type StoredEntity,
  type StoredMessage,
  type StoredPermission,
  type StoredQueue,
  type StoredShare,
  type StoredTable,
  stagedBlocksSchema,
  storedAccountSchema,
  storedBlobSchema,
  storedContainerSchema,
  storedEntitySchema,
  storedMessageSchema,
  storedPermissionSchema,
  storedQueueSchema,
  storedShareSchema,
  storedTableSchema,
} from './documents.js';

export const storageBucketName = 'cmk-storage';
export const storageDataBucketName = 'cmk-storage-data';

/**
 * Accounts, containers and blob index entries in a mirrored KV bucket (reads without a round trip, writes
 * compare-and-set); encrypted content chunks in a second bucket, read by key, never mirrored.
 */
export class StorageStore {
  readonly accounts: KvDocuments<StoredAccount>;
  readonly #kv: KV;
  readonly #data: KV;
  readonly #mirror: KvMirror;
  readonly #containers = new Map<string, KvDocuments<StoredContainer>>();
  readonly #blobs = new Map<string, KvDocuments<StoredBlob>>();
  readonly #staged = new Map<string, KvDocuments<StagedBlocks>>();

  private constructor(kv: KV, data: KV, mirror: KvMirror) {
    this.#kv = kv;
    this.#data = data;
    this.#mirror = mirror;
    this.accounts = new KvDocuments(kv, 'account', storedAccountSchema, mirror);
  }

  static async open(nc: NatsConnection, replicas = 1): Promise<StorageStore> {
    const kv = await openStateBucket(nc, storageBucketName, replicas);
    const data = await openStateBucket(nc, storageDataBucketName, replicas);
    return new StorageStore(kv, data, await KvMirror.start(kv));
  }

  containers(account: string): KvDocuments<StoredContainer> {
    return this.#docs(this.#containers, `container.${account}`, storedContainerSchema);
  }

  /** Blob index entries of one container (the container name is encoded into a single key token). */
  blobs(account: string, container: string): KvDocuments<StoredBlob> {
    return this.#docs(this.#blobs, scopedPrefix('blob', account, container), storedBlobSchema);
  }

  readonly #shares = new Map<string, KvDocuments<StoredShare>>();
  readonly #nodes = new Map<string, KvDocuments<FileNode>>();
  readonly #permissions = new Map<string, KvDocuments<StoredPermission>>();

  shares(account: string): KvDocuments<StoredShare> {
    return this.#docs(this.#shares, `share.${account}`, storedShareSchema);
  }

  /** Directories and files of one share, keyed by path. */
  nodes(account: string, share: string): KvDocuments<FileNode> {
    return this.#docs(this.#nodes, scopedPrefix('fnode', account, share), fileNodeSchema);
  }

  permissions(account: string, share: string): KvDocuments<StoredPermission> {
    return this.#docs(this.#permissions, scopedPrefix('perm', account, share), storedPermissionSchema);
  }

  #docs<T>(cache: Map<string, KvDocuments<T>>, prefix: string, schema: z.ZodType<T>): KvDocuments<T> {
    let docs = cache.get(prefix);
    if (!docs) {
      docs = new KvDocuments(this.#kv, prefix, schema, this.#mirror);
      cache.set(prefix, docs);
    }
    return docs;
  }

  readonly #queues = new Map<string, KvDocuments<StoredQueue>>();
  readonly #messages = new Map<string, KvDocuments<StoredMessage>>();
  readonly #tables = new Map<string, KvDocuments<StoredTable>>();
  readonly #entities = new Map<string, KvDocuments<StoredEntity>>();

  queues(account: string): KvDocuments<StoredQueue> {
    return this.#docs(this.#queues, `queue.${account}`, storedQueueSchema);
  }

  messages(account: string, queue: string): KvDocuments<StoredMessage> {
    return this.#docs(this.#messages, scopedPrefix('qmsg', account, queue), storedMessageSchema);
  }

  tables(account: string): KvDocuments<StoredTable> {
    return this.#docs(this.#tables, `table.${account}`, storedTableSchema);
  }

  entities(account: string, table: string): KvDocuments<StoredEntity> {
    return this.#docs(this.#entities, scopedPrefix('tent', account, table), storedEntitySchema);
  }

  /** Blocks staged with Put Block, per blob of one container. */
  staged(account: string, container: string): KvDocuments<StagedBlocks> {
    return this.#docs(this.#staged, scopedPrefix('staged', account, container), stagedBlocksSchema);
  }

  /**
   * Key patterns of everything stored for one account but the account document itself: every kind is keyed
   * `<kind>.<account>.…` and account names are letters and digits only, so this matches that account alone
   * (the account document, `account.<encoded name>`, has two tokens and stays outside it).
   */
  accountContentKeys(account: string): string[] {
    return [`*.${account}.>`];
  }

  /** Key patterns of everything inside one container: its blobs, their snapshots, and staged blocks. */
  containerContentKeys(account: string, container: string): string[] {
    return [scopedPrefix('blob', account, container), scopedPrefix('staged', account, container)].map(
      (prefix) => `${prefix}.>`,
    );
  }

  /** The raw documents under key patterns, whatever their kind (for deletions that must leave nothing). */
  async rawEntries(patterns: readonly string[]): Promise<{ key: string; value: unknown }[]> {
    // Keys first, then values: awaiting a get inside the keys iterator cuts the iteration short.
    const keys = new Set<string>();
    for (const pattern of patterns) for await (const key of await this.#kv.keys(pattern)) keys.add(key);
    const entries: { key: string; value: unknown }[] = [];
    for (const key of keys) {
      const entry = await this.#kv.get(key);
      if (entry?.operation === 'PUT') entries.push({ key, value: entry.json() });
    }
    return entries;
  }

  /** Removes a document by its raw key, history and all, and tells this node's mirror at once. */
  async purgeKey(key: string): Promise<void> {
    await this.#kv.purge(key);
    const marker = await this.#kv.get(key);
    this.#mirror.apply(key, marker?.revision ?? 0, undefined);
  }

  async putChunks(objectId: string, chunks: readonly Uint8Array[]): Promise<void> {
    for (let i = 0; i < chunks.length; i++) await this.#data.put(`${objectId}.${i}`, chunks[i]!);
  }

  async getChunk(objectId: string, index: number): Promise<Buffer> {
    const entry = await this.#data.get(`${objectId}.${index}`);
    if (entry?.operation !== 'PUT') throw new Error(`chunk ${index} of object ${objectId} is missing`);
    return Buffer.from(entry.value);
  }

  async deleteChunks(objectId: string, count: number): Promise<void> {
    for (let i = 0; i < count; i++) await this.#data.purge(`${objectId}.${i}`);
  }

  close(): void {
    this.#mirror.stop();
  }
}

/** The key prefix of a kind of document inside one container, share, queue or table: its name as one token. */
function scopedPrefix(kind: string, account: string, scope: string): string {
  return `${kind}.${account}.${Buffer.from(scope).toString('base64url')}`;
}
