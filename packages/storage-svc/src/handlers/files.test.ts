import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmkAccount } from '../testing/cmk-account.js';
import { cmkWorld, setKeyEnabled } from '../testing/cmk-world.js';
import { type StorageUnderTest, startStorage } from '../testing/start-storage.js';

describe('Azure Files on a CMK account', () => {
  let t: StorageUnderTest;
  let world: Awaited<ReturnType<typeof cmkWorld>>;
  const account = 'filesacct';
  const share = { account, share: 'docs' };

  const revoke = (enabled: boolean) => setKeyEnabled(t.keyvault, (ms) => t.advance(ms), world, enabled);

  beforeAll(async () => {
    t = await startStorage();
    world = await cmkWorld(t.entra, t.keyvault, 'files');
    await t.storage.createAccount(cmkAccount(world, account));
    await t.storage.createShare(share);
  }, 90_000);

  afterAll(() => t?.dispose());

  it('writes ranges into a fixed-size file, zeros elsewhere, later writes win; renames keep the content', async () => {
    await t.storage.createDirectory({ ...share, path: 'reports', metadata: { owner: 'ops' } });
    await t.storage.createFile({ ...share, path: 'reports/q1.txt', size: 16, metadata: { q: '1' } });
    await t.storage.putRange({ ...share, path: 'reports/q1.txt', offset: 0, body: 'AAAAAAAA' });
    await t.storage.putRange({ ...share, path: 'reports/q1.txt', offset: 4, body: 'bbbb' });
    const got = await t.storage.getFile({ ...share, path: 'reports/q1.txt' });
    expect(Buffer.from(got.body)).toEqual(Buffer.concat([Buffer.from('AAAAbbbb'), Buffer.alloc(8)]));
    expect(got.metadata).toEqual({ q: '1' });
    await t.storage.renameFile({ ...share, path: 'reports/q1.txt', destination: 'reports/2026-q1.txt' });
    expect(
      Buffer.from(
        (await t.storage.getFile({ ...share, path: 'reports/2026-q1.txt', range: { start: 2, end: 5 } }))
          .body,
      ).toString(),
    ).toBe('AAbb');
    expect((await t.storage.listDirectoriesAndFiles({ ...share, path: 'reports' })).entries).toEqual([
      { name: '2026-q1.txt', kind: 'file', size: 16 },
    ]);
    expect((await t.storage.getDirectoryProperties({ ...share, path: 'reports' })).metadata).toEqual({
      owner: 'ops',
    });
  });

  it('refuses a path under a missing parent, a range past the end, and deleting a non-empty directory', async () => {
    await expect(t.storage.createFile({ ...share, path: 'nowhere/x.txt', size: 1 })).rejects.toMatchObject({
      status: 404,
      code: 'ParentNotFound',
    });
    await expect(
      t.storage.putRange({ ...share, path: 'reports/2026-q1.txt', offset: 10, body: 'too long...' }),
    ).rejects.toMatchObject({
      status: 416,
      code: 'InvalidRange',
    });
    await expect(t.storage.deleteDirectory({ ...share, path: 'reports' })).rejects.toMatchObject({
      status: 409,
      code: 'DirectoryNotEmpty',
    });
  });

  it('stores permissions sealed, keyed by their descriptor', async () => {
    const sddl = 'O:BAG:SYD:(A;;FA;;;SY)(A;;FA;;;BA)';
    const { permissionKey } = await t.storage.createPermission({ ...share, permission: sddl });
    expect((await t.storage.createPermission({ ...share, permission: sddl })).permissionKey).toBe(
      permissionKey,
    );
    expect((await t.storage.getPermission({ ...share, permissionKey })).permission).toBe(sddl);
  });

  it('while the key is revoked: the documented Files operations fail, deletes and share operations proceed', async () => {
    await t.storage.createFile({ ...share, path: 'doomed.txt', size: 4 });
    await revoke(false);
    try {
      const refused = [
        () => t.storage.listDirectoriesAndFiles(share),
        () => t.storage.createDirectory({ ...share, path: 'new-dir' }),
        () => t.storage.getDirectoryProperties({ ...share, path: 'reports' }),
        () => t.storage.setDirectoryMetadata({ ...share, path: 'reports', metadata: { a: 'b' } }),
        () => t.storage.createFile({ ...share, path: 'new.txt', size: 1 }),
        () => t.storage.getFile({ ...share, path: 'reports/2026-q1.txt' }),
        () => t.storage.getFileProperties({ ...share, path: 'reports/2026-q1.txt' }),
        () =>
          t.storage.setFileProperties({ ...share, path: 'reports/2026-q1.txt', contentType: 'text/plain' }),
        () => t.storage.getFileMetadata({ ...share, path: 'reports/2026-q1.txt' }),
        () => t.storage.setFileMetadata({ ...share, path: 'reports/2026-q1.txt', metadata: { a: 'b' } }),
        () => t.storage.putRange({ ...share, path: 'reports/2026-q1.txt', offset: 0, body: 'x' }),
        () =>
          t.storage.copyFile({
            ...share,
            path: 'copy.txt',
            source: { share: 'docs', path: 'reports/2026-q1.txt' },
          }),
        () => t.storage.renameFile({ ...share, path: 'reports/2026-q1.txt', destination: 'renamed.txt' }),
        () => t.storage.createPermission({ ...share, permission: 'O:BAG:SY' }),
      ];
      for (const call of refused)
        await expect(call()).rejects.toMatchObject({ status: 403, code: 'KeyVaultEncryptionKeyNotFound' });
      await t.storage.deleteFile({ ...share, path: 'doomed.txt' });
      await t.storage.createShare({ account, share: 'other' });
      await t.storage.deleteShare({ account, share: 'other' });
    } finally {
      await revoke(true);
    }
    expect((await t.storage.listDirectoriesAndFiles(share)).entries.map((e) => e.name)).toEqual(['reports']);
  });
});
