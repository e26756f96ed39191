import { encodeKeyPart } from '@cmk-testbed/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mmkSubscription } from '../testing/mmk-subscription.js';
import { type StorageUnderTest, startStorage } from '../testing/start-storage.js';
import { StoredContent } from '../testing/stored-content.js';

const account = 'replacing';

const inContainer = (container: string) => StoredContent.inContainer(account, container);

/** The key of one blob's index entry (not its snapshots). */
function blobKey(container: string, blob: string): string {
  return `blob.${account}.${Buffer.from(container).toString('base64url')}.${encodeKeyPart(blob)}`;
}

describe('deleting or replacing a blob frees its pages, staged blocks and bytes', () => {
  let t: StorageUnderTest;
  let store: StoredContent;

  beforeAll(async () => {
    t = await startStorage();
    const subscriptionId = await mmkSubscription(t.entra, 'replacing');
    await t.storage.createAccount({ name: account, subscriptionId, location: 'eastus', kind: 'StorageV2' });
    store = await StoredContent.open(t.runtime.nc);
  }, 90_000);

  afterAll(() => t?.dispose());

  // Orphans are counted among the objects stored since the test began: one test's leak fails that test only.
  let before: Set<string>;
  beforeEach(async () => {
    before = await store.stored();
  });
  const orphans = async () => (await store.orphans()).filter((id) => !before.has(id));

  /** A 1 KiB page blob with its second page written: two objects (the empty initial content and the page). */
  const pageBlob = async (container: string, blob = 'page') => {
    await t.storage.putBlob({ account, container, blob, body: '', blobType: 'PageBlob', size: 1024 });
    await t.storage.putPage({ account, container, blob, offset: 512, body: new Uint8Array(512).fill(7) });
  };

  /** A block blob with two blocks staged on top of its committed content: three objects. */
  const blobWithStagedBlocks = async (container: string, blob = 'staged') => {
    await t.storage.putBlob({ account, container, blob, body: 'committed' });
    await t.storage.putBlock({ account, container, blob, blockId: 'YmxvY2sx', body: 'staged one' });
    await t.storage.putBlock({ account, container, blob, blockId: 'YmxvY2sy', body: 'staged two' });
  };

  /** Object ids the documents under the patterns point at, each checked to have chunks stored. */
  const referencedAndStored = async (patterns: readonly string[], expected: number) => {
    const ids = await store.referenced(patterns);
    expect(ids.size).toBe(expected);
    const stored = await store.stored();
    for (const id of ids) expect(stored.has(id)).toBe(true);
    return ids;
  };

  const stillStored = async (ids: Set<string>) => {
    const stored = await store.stored();
    return [...ids].filter((id) => stored.has(id));
  };

  it('deleteBlob of a page blob frees its pages and leaves no document', async () => {
    await t.storage.createContainer({ account, container: 'delete-page' });
    await pageBlob('delete-page');
    const old = await referencedAndStored(inContainer('delete-page'), 2);

    await t.storage.deleteBlob({ account, container: 'delete-page', blob: 'page' });

    expect(await store.keys(inContainer('delete-page'))).toEqual([]);
    expect(await stillStored(old)).toEqual([]);
    expect(await orphans()).toEqual([]);
  });

  it('putBlob over a page blob frees the old pages', async () => {
    await t.storage.createContainer({ account, container: 'put-over-page' });
    await pageBlob('put-over-page');
    const old = await referencedAndStored(inContainer('put-over-page'), 2);

    await t.storage.putBlob({ account, container: 'put-over-page', blob: 'page', body: 'now a block blob' });

    expect(await stillStored(old)).toEqual([]);
    expect(await orphans()).toEqual([]);
    expect(await store.keys(inContainer('put-over-page'))).toEqual([blobKey('put-over-page', 'page')]);
    const read = await t.storage.getBlob({ account, container: 'put-over-page', blob: 'page' });
    expect(read.properties.blobType).toBe('BlockBlob');
    expect(Buffer.from(read.body).toString()).toBe('now a block blob');
  });

  it('copyBlob over a page blob frees the old pages', async () => {
    await t.storage.createContainer({ account, container: 'copy-over-page' });
    await pageBlob('copy-over-page');
    await t.storage.putBlob({ account, container: 'copy-over-page', blob: 'source', body: 'copied' });
    const old = await referencedAndStored([blobKey('copy-over-page', 'page')], 2);

    await t.storage.copyBlob({
      account,
      container: 'copy-over-page',
      blob: 'page',
      source: { account, container: 'copy-over-page', blob: 'source' },
    });

    expect(await stillStored(old)).toEqual([]);
    expect(await orphans()).toEqual([]);
    const read = await t.storage.getBlob({ account, container: 'copy-over-page', blob: 'page' });
    expect(Buffer.from(read.body).toString()).toBe('copied');
  });

  it('putBlob over a blob with staged blocks discards them (Azure garbage-collects them) and frees their bytes', async () => {
    const ref = { account, container: 'put-over-staged', blob: 'staged' };
    await t.storage.createContainer({ account, container: ref.container });
    await blobWithStagedBlocks(ref.container);
    const old = await referencedAndStored(inContainer(ref.container), 3);

    await t.storage.putBlob({ ...ref, body: 'rewritten' });

    expect(await stillStored(old)).toEqual([]);
    expect(await orphans()).toEqual([]);
    expect(await store.keys(inContainer(ref.container))).toEqual([blobKey(ref.container, ref.blob)]);
    expect(
      (await t.storage.getBlockList({ ...ref, blocklisttype: 'uncommitted' })).uncommittedBlocks,
    ).toEqual([]);
    // The discarded block ids are gone: committing one of them is an invalid block list.
    await expect(t.storage.putBlockList({ ...ref, blocks: ['YmxvY2sx'] })).rejects.toMatchObject({
      code: 'InvalidBlockList',
    });
  });

  it('deleteBlob of a blob with staged blocks discards them and frees their bytes', async () => {
    const ref = { account, container: 'delete-staged', blob: 'staged' };
    await t.storage.createContainer({ account, container: ref.container });
    await blobWithStagedBlocks(ref.container);
    const old = await referencedAndStored(inContainer(ref.container), 3);

    await t.storage.deleteBlob(ref);

    expect(await store.keys(inContainer(ref.container))).toEqual([]);
    expect(await stillStored(old)).toEqual([]);
    expect(await orphans()).toEqual([]);
    await expect(t.storage.getBlockList({ ...ref, blocklisttype: 'all' })).rejects.toMatchObject({
      code: 'BlobNotFound',
    });
  });

  it('a page blob rewritten under its snapshot keeps the shared pages until the snapshot is deleted too', async () => {
    const ref = { account, container: 'snapshot-pages', blob: 'page' };
    await t.storage.createContainer({ account, container: ref.container });
    await pageBlob(ref.container);
    await t.storage.snapshotBlob(ref);
    const shared = await referencedAndStored(inContainer(ref.container), 2);

    await t.storage.putBlob({ ...ref, body: '', blobType: 'PageBlob', size: 512 });
    expect(await stillStored(shared)).toEqual([...shared]);
    await expect(t.storage.deleteBlob(ref)).rejects.toMatchObject({ status: 409, code: 'SnapshotsPresent' });
    expect(await stillStored(shared)).toEqual([...shared]);

    await t.storage.deleteBlob({ ...ref, deleteSnapshots: 'include' });
    expect(await store.keys(inContainer(ref.container))).toEqual([]);
    expect(await stillStored(shared)).toEqual([]);
    expect(await orphans()).toEqual([]);
  });

  /** A blob with one snapshot and an infinite lease, in a container of its own; `keys` are its stored entries. */
  async function leasedBlobWithSnapshot(container: string) {
    const ref = { account, container, blob: 'leased' };
    await t.storage.createContainer({ account, container });
    await t.storage.putBlob({ ...ref, body: 'leased content' });
    await t.storage.snapshotBlob(ref);
    const { leaseId } = await t.storage.leaseBlob({ ...ref, action: 'acquire', duration: -1 });
    const keys = await store.keys(inContainer(container));
    expect(keys).toHaveLength(2);
    return { ref, leaseId, keys };
  }

  it('a deleteBlob refused for the lease deletes nothing, not even the snapshots', async () => {
    const { ref, leaseId, keys } = await leasedBlobWithSnapshot('leased-delete');

    await expect(t.storage.deleteBlob({ ...ref, deleteSnapshots: 'include' })).rejects.toMatchObject({
      status: 412,
      code: 'LeaseIdMissing',
    });
    expect(await store.keys(inContainer(ref.container))).toEqual(keys);

    await t.storage.deleteBlob({ ...ref, deleteSnapshots: 'include', leaseId });
    expect(await store.keys(inContainer(ref.container))).toEqual([]);
    expect(await orphans()).toEqual([]);
  });

  it('deleting only the snapshots of a leased blob needs its lease id too', async () => {
    const { ref, leaseId, keys } = await leasedBlobWithSnapshot('leased-delete-only');

    await expect(t.storage.deleteBlob({ ...ref, deleteSnapshots: 'only' })).rejects.toMatchObject({
      status: 412,
      code: 'LeaseIdMissing',
    });
    await expect(
      t.storage.deleteBlob({ ...ref, deleteSnapshots: 'only', leaseId: 'wrong' }),
    ).rejects.toMatchObject({ status: 412, code: 'LeaseIdMismatchWithBlobOperation' });
    expect(await store.keys(inContainer(ref.container))).toEqual(keys);

    await t.storage.deleteBlob({ ...ref, deleteSnapshots: 'only', leaseId });
    expect(await store.keys(inContainer(ref.container))).toEqual([blobKey(ref.container, ref.blob)]);
    expect(await orphans()).toEqual([]);
  });

  it('writes refused for a lease (putBlob, appendBlock, putPage) leave none of their sealed bytes behind', async () => {
    const container = 'leased-writes';
    await t.storage.createContainer({ account, container });
    await pageBlob(container);
    await t.storage.putBlob({ account, container, blob: 'append', body: '', blobType: 'AppendBlob' });
    for (const blob of ['page', 'append'])
      await t.storage.leaseBlob({ account, container, blob, action: 'acquire', duration: -1 });
    const refused = { status: 412, code: 'LeaseIdMissing' };

    await expect(t.storage.putBlob({ account, container, blob: 'page', body: 'x' })).rejects.toMatchObject(
      refused,
    );
    expect(await orphans()).toEqual([]);
    await expect(
      t.storage.putPage({ account, container, blob: 'page', offset: 0, body: new Uint8Array(512) }),
    ).rejects.toMatchObject(refused);
    expect(await orphans()).toEqual([]);
    await expect(
      t.storage.appendBlock({ account, container, blob: 'append', body: 'more' }),
    ).rejects.toMatchObject(refused);
    expect(await orphans()).toEqual([]);
  });
});
