import { openStateBucket } from '@cmk-testbed/shared';
import type { KV, NatsConnection } from 'nats';
import { storageBucketName, storageDataBucketName } from '../state/storage-store.js';

/**
 * A look straight into storage-svc's two buckets, for tests that check what a deletion or rewrite left
 * behind: the documents (KV) and the encrypted chunks (data bucket, keyed `<objectId>.<index>`).
 */
export class StoredContent {
  private constructor(
    readonly kv: KV,
    readonly data: KV,
  ) {}

  static async open(nc: NatsConnection): Promise<StoredContent> {
    return new StoredContent(
      await openStateBucket(nc, storageBucketName),
      await openStateBucket(nc, storageDataBucketName),
    );
  }

  /**
   * Key patterns of one container's documents: its blobs and their snapshots, and its staged blocks. Spelled
   * out here, not taken from the store, so a test of what a deletion leaves does not share the code it checks.
   */
  static inContainer(account: string, container: string): string[] {
    const token = Buffer.from(container).toString('base64url');
    return [`blob.${account}.${token}.>`, `staged.${account}.${token}.>`];
  }

  /** Document keys that hold a value (delete and purge markers are left out), under one filter or several. */
  async keys(filters: string | readonly string[] = '>'): Promise<string[]> {
    const keys: string[] = [];
    for (const filter of typeof filters === 'string' ? [filters] : filters)
      for await (const key of await this.kv.keys(filter)) keys.push(key);
    return keys.sort();
  }

  /** Object ids of content that the documents under the filters point at (segments, pages, blocks, ranges). */
  async referenced(filters: string | readonly string[] = '>'): Promise<Set<string>> {
    const ids = new Set<string>();
    for (const key of await this.keys(filters)) {
      const doc = (await this.kv.get(key))!.json<Record<string, unknown>>();
      for (const field of ['segments', 'pages', 'blocks', 'ranges'])
        for (const item of (doc[field] as { objectId: string }[] | undefined) ?? []) ids.add(item.objectId);
    }
    return ids;
  }

  /** Object ids that have chunks in the data bucket. */
  async stored(): Promise<Set<string>> {
    const keys: string[] = [];
    for await (const key of await this.data.keys('>')) keys.push(key);
    return new Set(keys.map((key) => key.slice(0, key.lastIndexOf('.'))));
  }

  /** Object ids with chunks that no document points at any more: leaked bytes (sorted, for a clear diff). */
  async orphans(): Promise<string[]> {
    const referenced = await this.referenced();
    return [...(await this.stored())].filter((id) => !referenced.has(id)).sort();
  }
}
