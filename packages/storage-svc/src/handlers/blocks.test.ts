import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmkAccount } from '../testing/cmk-account.js';
import { cmkWorld, keyCacheTtlMs, setKeyEnabled } from '../testing/cmk-world.js';
import { type StorageUnderTest, startStorage } from '../testing/start-storage.js';

const id = (n: number) => Buffer.from(`block-${String(n).padStart(4, '0')}`).toString('base64');

describe('block and append blobs', () => {
  let t: StorageUnderTest;
  let world: Awaited<ReturnType<typeof cmkWorld>>;
  const account = 'blocksacct';
  const ref = { account, container: 'data' };

  const revoke = (enabled: boolean) => setKeyEnabled(t.keyvault, (ms) => t.advance(ms), world, enabled);

  beforeAll(async () => {
    t = await startStorage();
    world = await cmkWorld(t.entra, t.keyvault, 'blocks');
    await t.storage.createAccount(cmkAccount(world, account));
    await t.storage.createContainer(ref);
  }, 90_000);

  afterAll(() => t?.dispose());

  it('commits staged blocks in list order into one blob larger than a message, readable by ranges', async () => {
    const parts = [randomBytes(900_000), randomBytes(900_000), randomBytes(300_000)];
    for (const [n, part] of parts.entries())
      await t.storage.putBlock({ ...ref, blob: 'big', blockId: id(n), body: part });
    const before = await t.storage.getBlockList({ ...ref, blob: 'big', blocklisttype: 'all' });
    expect(before.uncommittedBlocks.map((b) => b.size)).toEqual([900_000, 900_000, 300_000]);
    await expect(t.storage.getBlob({ ...ref, blob: 'big' })).rejects.toMatchObject({
      status: 404,
      code: 'BlobNotFound',
    });
    const committed = await t.storage.putBlockList({ ...ref, blob: 'big', blocks: [id(0), id(1), id(2)] });
    expect(committed.contentLength).toBe(2_100_000);
    const whole = Buffer.concat(parts);
    for (const [start, end] of [
      [0, 99],
      [899_990, 900_009],
      [1_799_000, 2_099_999],
    ] as const) {
      const got = await t.storage.getBlob({ ...ref, blob: 'big', range: { start, end } });
      expect(Buffer.from(got.body).equals(whole.subarray(start, end + 1)), `${start}-${end}`).toBe(true);
    }
    await expect(t.storage.getBlob({ ...ref, blob: 'big' })).rejects.toMatchObject({
      status: 400,
      message: /^range: a reply holds at most/,
    });
    const after = await t.storage.getBlockList({ ...ref, blob: 'big', blocklisttype: 'all' });
    expect(after).toEqual({
      committedBlocks: [0, 1, 2].map((n) => ({ name: id(n), size: parts[n]!.length })),
      uncommittedBlocks: [],
    });
  });

  it('rejects a block list naming an unknown block, and a bad block id', async () => {
    await expect(t.storage.putBlockList({ ...ref, blob: 'big', blocks: [id(9)] })).rejects.toMatchObject({
      status: 400,
      code: 'InvalidBlockList',
    });
    await expect(
      t.storage.putBlock({ ...ref, blob: 'x', blockId: 'not base64!', body: 'x' }),
    ).rejects.toMatchObject({ code: 'InvalidBlockId' });
  });

  it('while the key is revoked: Put Block and Append Block fail, Put Block List and Get Block List proceed', async () => {
    await t.storage.putBlock({ ...ref, blob: 'later', blockId: id(0), body: 'staged before the revocation' });
    await t.storage.putBlob({ ...ref, blob: 'log', blobType: 'AppendBlob', body: '' });
    await revoke(false);
    try {
      await expect(
        t.storage.putBlock({ ...ref, blob: 'later', blockId: id(1), body: 'x' }),
      ).rejects.toMatchObject({ status: 403, code: 'KeyVaultEncryptionKeyNotFound' });
      await expect(t.storage.appendBlock({ ...ref, blob: 'log', body: 'x' })).rejects.toMatchObject({
        status: 403,
        code: 'KeyVaultEncryptionKeyNotFound',
      });
      await expect(t.storage.putBlockList({ ...ref, blob: 'later', blocks: [id(0)] })).resolves.toMatchObject(
        { contentLength: 28 },
      );
      await expect(t.storage.getBlockList({ ...ref, blob: 'later' })).resolves.toMatchObject({
        committedBlocks: [{ name: id(0), size: 28 }],
      });
    } finally {
      await revoke(true);
    }
    expect(Buffer.from((await t.storage.getBlob({ ...ref, blob: 'later' })).body).toString()).toBe(
      'staged before the revocation',
    );
  });

  it('appends blocks to an append blob and reads them back in order', async () => {
    await t.storage.putBlob({ ...ref, blob: 'journal', blobType: 'AppendBlob', body: '' });
    const first = await t.storage.appendBlock({ ...ref, blob: 'journal', body: 'one,' });
    const second = await t.storage.appendBlock({ ...ref, blob: 'journal', body: 'two' });
    expect([first.appendOffset, second.appendOffset, second.committedBlockCount]).toEqual([0, 4, 2]);
    expect(Buffer.from((await t.storage.getBlob({ ...ref, blob: 'journal' })).body).toString()).toBe(
      'one,two',
    );
    await expect(t.storage.appendBlock({ ...ref, blob: 'later', body: 'x' })).rejects.toMatchObject({
      status: 409,
      code: 'InvalidBlobType',
    });
  });
});

describe('page blobs', () => {
  let t: StorageUnderTest;
  let world: Awaited<ReturnType<typeof cmkWorld>>;
  const ref = { account: 'pagesacct', container: 'data', blob: 'disk' };

  beforeAll(async () => {
    t = await startStorage();
    world = await cmkWorld(t.entra, t.keyvault, 'pages');
    await t.storage.createAccount(cmkAccount(world, ref.account));
    await t.storage.createContainer({ account: ref.account, container: ref.container });
  }, 90_000);

  afterAll(() => t?.dispose());

  it('writes aligned pages into a fixed-size blob (zeros elsewhere), refuses misaligned ones, and fails with 403 while revoked', async () => {
    await t.storage.putBlob({ ...ref, blobType: 'PageBlob', size: 2048, body: '' });
    const page = Buffer.alloc(512, 7);
    await t.storage.putPage({ ...ref, offset: 1024, body: page });
    const got = Buffer.from((await t.storage.getBlob(ref)).body);
    expect(got.length).toBe(2048);
    expect(got.subarray(1024, 1536).equals(page)).toBe(true);
    expect(got.subarray(0, 1024).equals(Buffer.alloc(1024))).toBe(true);
    await expect(t.storage.putPage({ ...ref, offset: 100, body: page })).rejects.toMatchObject({
      status: 416,
      code: 'InvalidPageRange',
    });
    await expect(t.storage.putPage({ ...ref, offset: 2048, body: page })).rejects.toMatchObject({
      status: 416,
      code: 'InvalidRange',
    });
    await t.storage.copyBlob({
      ...ref,
      blob: 'disk-copy',
      source: { account: ref.account, container: ref.container, blob: ref.blob },
    });
    expect(Buffer.from((await t.storage.getBlob({ ...ref, blob: 'disk-copy' })).body).equals(got)).toBe(true);
    await t.keyvault.updateKey({
      vault: world.vault,
      authorization: await world.admin(),
      name: 'cmk',
      attributes: { enabled: false },
    });
    await t.advance(keyCacheTtlMs + 1000);
    await expect(t.storage.putPage({ ...ref, offset: 0, body: page })).rejects.toMatchObject({
      status: 403,
      code: 'KeyVaultEncryptionKeyNotFound',
    });
  });
});
