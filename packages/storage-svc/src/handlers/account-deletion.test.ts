import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageStore } from '../state/storage-store.js';
import { mmkSubscription } from '../testing/mmk-subscription.js';
import { type StorageUnderTest, startStorage } from '../testing/start-storage.js';
import { StoredContent } from '../testing/stored-content.js';

const errorCode = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (e: { code: string }) => e.code,
  );

describe('deleting accounts and containers leaves nothing behind; listing accounts', () => {
  let t: StorageUnderTest;
  let subscriptionId: string;
  let store: StoredContent;
  const createAccount = (name: string) =>
    t.storage.createAccount({ name, subscriptionId, location: 'eastus', kind: 'StorageV2' });

  beforeAll(async () => {
    t = await startStorage();
    subscriptionId = await mmkSubscription(t.entra, 'deletion');
    store = await StoredContent.open(t.runtime.nc);
  }, 90_000);

  afterAll(() => t?.dispose());

  /** A container with a block blob and its snapshot, a written page blob and staged, uncommitted blocks. */
  const fillContainer = async (account: string, container: string) => {
    const s = t.storage;
    await s.createContainer({ account, container });
    await s.putBlob({ account, container, blob: 'block', body: 'block content' });
    await s.snapshotBlob({ account, container, blob: 'block' });
    await s.putBlob({ account, container, blob: 'page', body: '', blobType: 'PageBlob', size: 1024 });
    await s.putPage({ account, container, blob: 'page', offset: 512, body: new Uint8Array(512).fill(7) });
    await s.putBlock({ account, container, blob: 'staged', blockId: 'YmxvY2sx', body: 'staged one' });
    await s.putBlock({ account, container, blob: 'staged', blockId: 'YmxvY2sy', body: 'staged two' });
  };

  it('deleteAccount removes containers, blobs, pages, staged blocks, shares, files, queues, messages and tables', async () => {
    const s = t.storage;
    await createAccount('doomed');
    await createAccount('neighbour');
    await fillContainer('doomed', 'data');
    await fillContainer('neighbour', 'data');
    await s.createShare({ account: 'doomed', share: 'share1' });
    await s.createDirectory({ account: 'doomed', share: 'share1', path: 'dir' });
    await s.createFile({ account: 'doomed', share: 'share1', path: 'dir/file', size: 16 });
    await s.putRange({ account: 'doomed', share: 'share1', path: 'dir/file', offset: 0, body: 'file bytes' });
    await s.createPermission({ account: 'doomed', share: 'share1', permission: 'O:BAG:SYD:(A;;FA;;;SY)' });
    await s.createQueue({ account: 'doomed', queue: 'queue1' });
    await s.putMessage({ account: 'doomed', queue: 'queue1', text: 'old secret' });
    await s.putMessage({ account: 'doomed', queue: 'queue1', text: 'older secret' });
    await s.createTable({ account: 'doomed', table: 'table1' });
    await s.insertEntity({
      account: 'doomed',
      table: 'table1',
      partitionKey: 'p',
      rowKey: 'r',
      properties: { a: 1 },
    });

    const doomedObjects = await store.referenced('*.doomed.>');
    // Block + snapshot (shared), the page blob's initial (empty) content and its page, two staged blocks, one
    // file range.
    expect(doomedObjects.size).toBe(6);
    for (const id of doomedObjects) expect((await store.stored()).has(id)).toBe(true);
    expect((await store.keys('*.doomed.>')).length).toBeGreaterThan(0);

    await s.deleteAccount({ name: 'doomed' });

    expect(await store.keys('*.doomed.>')).toEqual([]);
    expect(await errorCode(s.getAccount({ name: 'doomed' }))).toBe('ResourceNotFound');
    const left = await store.stored();
    for (const id of doomedObjects) expect(left.has(id)).toBe(false);
    // No orphans anywhere: every chunk still stored belongs to a document that is still there.
    expect([...left].filter((id) => !doomedObjects.has(id)).sort()).toEqual(
      [...(await store.referenced())].sort(),
    );
    // The neighbour is untouched.
    expect(
      Buffer.from((await s.getBlob({ account: 'neighbour', container: 'data', blob: 'page' })).body).subarray(
        512,
        514,
      ),
    ).toEqual(Buffer.from([7, 7]));

    await createAccount('doomed');
    expect((await s.listContainers({ account: 'doomed' })).containers).toEqual([]);
    await s.createContainer({ account: 'doomed', container: 'data' });
    expect(
      (await s.listBlobs({ account: 'doomed', container: 'data', include: ['snapshots'] })).blobs,
    ).toEqual([]);
    expect(
      await errorCode(
        s.getBlockList({ account: 'doomed', container: 'data', blob: 'staged', blocklisttype: 'all' }),
      ),
    ).toBe('BlobNotFound');
    await s.createShare({ account: 'doomed', share: 'share1' });
    expect((await s.listDirectoriesAndFiles({ account: 'doomed', share: 'share1' })).entries).toEqual([]);
    await s.createQueue({ account: 'doomed', queue: 'queue1' });
    expect(
      (await s.peekMessages({ account: 'doomed', queue: 'queue1', numofmessages: 32 })).messages,
    ).toEqual([]);
    await s.createTable({ account: 'doomed', table: 'table1' });
    expect((await s.queryEntities({ account: 'doomed', table: 'table1' })).value).toEqual([]);
  });

  it('deleteContainer frees page-blob pages, snapshots and staged blocks with its blobs', async () => {
    await createAccount('cleaner');
    await fillContainer('cleaner', 'data');
    await fillContainer('cleaner', 'other');
    const inContainer = StoredContent.inContainer('cleaner', 'data');
    const objects = await store.referenced(inContainer);
    // Block + snapshot (shared), the page blob's initial (empty) content and its page, two staged blocks.
    expect(objects.size).toBe(5);

    await t.storage.deleteContainer({ account: 'cleaner', container: 'data' });

    expect(await store.keys(inContainer)).toEqual([]);
    const left = await store.stored();
    for (const id of objects) expect(left.has(id)).toBe(false);
    expect(
      (
        await t.storage.listBlobs({ account: 'cleaner', container: 'other', include: ['snapshots'] })
      ).blobs.map((b) => b.name),
    ).toEqual(['block', 'block', 'page']);
    await t.storage.createContainer({ account: 'cleaner', container: 'data' });
    expect(
      (await t.storage.listBlobs({ account: 'cleaner', container: 'data', include: ['snapshots'] })).blobs,
    ).toEqual([]);
  });

  it("listAccounts lists this region's accounts in ARM shape, and no longer a deleted one", async () => {
    await createAccount('listedone');
    await createAccount('listedtwo');
    // An account of another region, written straight to the store (this node cannot create it).
    const raw = await StorageStore.open(t.runtime.nc);
    try {
      const template = (await raw.accounts.getFresh('listedone'))!.value;
      await raw.accounts.create('elsewhere', { ...template, name: 'elsewhere', location: 'westus' });
    } finally {
      raw.close();
    }
    const listed = (await t.storage.listAccounts({})).value;
    const names = listed.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['listedone', 'listedtwo']));
    expect(names).not.toContain('elsewhere');
    expect(listed.find((a) => a.name === 'listedone')).toEqual(
      await t.storage.getAccount({ name: 'listedone' }),
    );
    expect(listed.find((a) => a.name === 'listedone')).toMatchObject({
      location: 'eastus',
      properties: { encryption: { keySource: 'Microsoft.Storage' } },
    });

    await t.storage.deleteAccount({ name: 'listedtwo' });
    const after = (await t.storage.listAccounts({})).value.map((a) => a.name);
    expect(after).toContain('listedone');
    expect(after).not.toContain('listedtwo');
  });
});
