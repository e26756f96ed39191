import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmkAccount } from '../testing/cmk-account.js';
import { cmkWorld, setKeyEnabled } from '../testing/cmk-world.js';
import { type StorageUnderTest, startStorage } from '../testing/start-storage.js';

describe('snapshots, copies, tiers, properties and leases, with and without the key', () => {
  let t: StorageUnderTest;
  let world: Awaited<ReturnType<typeof cmkWorld>>;
  const account = 'extrasacct';
  const ref = { account, container: 'data', blob: 'b' };

  const revoke = (enabled: boolean) => setKeyEnabled(t.keyvault, (ms) => t.advance(ms), world, enabled);

  beforeAll(async () => {
    t = await startStorage();
    world = await cmkWorld(t.entra, t.keyvault, 'extras');
    await t.storage.createAccount(cmkAccount(world, account));
    await t.storage.createContainer({ account, container: 'data' });
    await t.storage.putBlob({ ...ref, body: 'original', metadata: { v: '1' } });
  }, 90_000);

  afterAll(() => t?.dispose());

  it('snapshots share content; a snapshot outlives a rewrite of its blob; deleting needs deleteSnapshots', async () => {
    const snap = await t.storage.snapshotBlob(ref);
    await t.storage.putBlob({ ...ref, body: 'rewritten' });
    const listed = await t.storage.listBlobs({ account, container: 'data', include: ['snapshots'] });
    expect(
      listed.blobs.map((b) => `${b.name}${b.properties.snapshot ? `@${b.properties.snapshot}` : ''}`),
    ).toEqual([`b@${snap.snapshot}`, 'b']);
    expect((await t.storage.listBlobs({ account, container: 'data' })).blobs).toHaveLength(1);
    await expect(t.storage.deleteBlob(ref)).rejects.toMatchObject({ status: 409, code: 'SnapshotsPresent' });
    await t.storage.deleteBlob({ ...ref, deleteSnapshots: 'only' });
    expect(
      (await t.storage.listBlobs({ account, container: 'data', include: ['snapshots'] })).blobs,
    ).toHaveLength(1);
    expect(Buffer.from((await t.storage.getBlob(ref)).body).toString()).toBe('rewritten');
  });

  it('copies a blob under new keys: the copy reads back with its content and metadata', async () => {
    await t.storage.putBlob({ ...ref, blob: 'src', body: 'copy me', metadata: { from: 'src' } });
    await t.storage.copyBlob({ ...ref, blob: 'dst', source: { account, container: 'data', blob: 'src' } });
    const copy = await t.storage.getBlob({ ...ref, blob: 'dst' });
    expect(Buffer.from(copy.body).toString()).toBe('copy me');
    expect(copy.metadata).toEqual({ from: 'src' });
  });

  it('copies onto a leased destination only with its lease id, and the destination keeps its lease', async () => {
    const source = { account, container: 'data', blob: 'lease-src' };
    const destination = { ...ref, blob: 'lease-dst' };
    await t.storage.putBlob({ ...source, body: 'new content' });
    await t.storage.putBlob({ ...destination, body: 'old content' });
    const { leaseId } = await t.storage.leaseBlob({ ...destination, action: 'acquire', duration: -1 });

    await expect(t.storage.copyBlob({ ...destination, source })).rejects.toMatchObject({
      status: 412,
      code: 'LeaseIdMissing',
    });
    await expect(t.storage.copyBlob({ ...destination, source, leaseId: 'wrong' })).rejects.toMatchObject({
      status: 412,
      code: 'LeaseIdMismatchWithBlobOperation',
    });
    expect(Buffer.from((await t.storage.getBlob(destination)).body).toString()).toBe('old content');

    await t.storage.copyBlob({ ...destination, source, leaseId });
    const copied = await t.storage.getBlob(destination);
    expect(Buffer.from(copied.body).toString()).toBe('new content');
    expect(copied.properties.leaseState).toBe('leased');
    await expect(t.storage.putBlob({ ...destination, body: 'x' })).rejects.toMatchObject({
      code: 'LeaseIdMissing',
    });
    await expect(t.storage.leaseBlob({ ...destination, action: 'release', leaseId })).resolves.toMatchObject({
      leaseState: 'available',
    });
  });

  it('refuses a copy onto a destination with a finite lease, or naming a lease the destination lacks', async () => {
    const source = { account, container: 'data', blob: 'lease-src2' };
    const finite = { ...ref, blob: 'finite-dst' };
    await t.storage.putBlob({ ...source, body: 'content' });
    await t.storage.putBlob({ ...finite, body: 'old' });
    const { leaseId } = await t.storage.leaseBlob({ ...finite, action: 'acquire', duration: 60 });
    await expect(t.storage.copyBlob({ ...finite, source, leaseId })).rejects.toMatchObject({
      status: 412,
      code: 'InfiniteLeaseDurationRequired',
    });

    await t.storage.putBlob({ ...ref, blob: 'unleased-dst', body: 'old' });
    for (const blob of ['unleased-dst', 'absent-dst']) {
      await expect(t.storage.copyBlob({ ...ref, blob, source, leaseId })).rejects.toMatchObject({
        status: 412,
        code: 'LeaseNotPresentWithBlobOperation',
      });
    }
    await expect(t.storage.getBlobProperties({ ...ref, blob: 'absent-dst' })).rejects.toMatchObject({
      code: 'BlobNotFound',
    });
  });

  it('while the key is revoked: snapshot without metadata, set properties and leases proceed; snapshot with metadata, copy and set tier fail', async () => {
    await revoke(false);
    try {
      await expect(t.storage.snapshotBlob(ref)).resolves.toMatchObject({ snapshot: expect.any(String) });
      await expect(t.storage.setBlobProperties({ ...ref, contentType: 'text/plain' })).resolves.toBeDefined();
      const lease = await t.storage.leaseBlob({ ...ref, action: 'acquire', duration: 15 });
      expect(lease.leaseState).toBe('leased');
      await t.storage.leaseBlob({ ...ref, action: 'release', leaseId: lease.leaseId });
      for (const call of [
        () => t.storage.snapshotBlob({ ...ref, metadata: { tag: 'x' } }),
        () =>
          t.storage.copyBlob({ ...ref, blob: 'dst2', source: { account, container: 'data', blob: 'src' } }),
        () => t.storage.setBlobTier({ ...ref, tier: 'Cool' }),
      ]) {
        await expect(call()).rejects.toMatchObject({ status: 403, code: 'KeyVaultEncryptionKeyNotFound' });
      }
    } finally {
      await revoke(true);
    }
    await expect(t.storage.setBlobTier({ ...ref, tier: 'Cool' })).resolves.toBeDefined();
    expect((await t.storage.getBlobProperties(ref)).properties).toMatchObject({
      accessTier: 'Cool',
      contentType: 'text/plain',
    });
  });

  it('enforces leases on writes, and lets them expire on the testbed clock', async () => {
    const lease = await t.storage.leaseBlob({ ...ref, blob: 'src', action: 'acquire', duration: 30 });
    await expect(t.storage.putBlob({ ...ref, blob: 'src', body: 'x' })).rejects.toMatchObject({
      status: 412,
      code: 'LeaseIdMissing',
    });
    await expect(
      t.storage.putBlob({ ...ref, blob: 'src', body: 'x', leaseId: 'wrong' }),
    ).rejects.toMatchObject({
      status: 412,
      code: 'LeaseIdMismatchWithBlobOperation',
    });
    await expect(
      t.storage.putBlob({ ...ref, blob: 'src', body: 'x', leaseId: lease.leaseId }),
    ).resolves.toBeDefined();
    await expect(
      t.storage.leaseBlob({ ...ref, blob: 'src', action: 'acquire', duration: 15 }),
    ).rejects.toMatchObject({ code: 'LeaseAlreadyPresent' });
    await t.advance(31_000);
    await expect(t.storage.putBlob({ ...ref, blob: 'src', body: 'free again' })).resolves.toBeDefined();
    await expect(
      t.storage.leaseBlob({ ...ref, blob: 'src', action: 'acquire', duration: 5 }),
    ).rejects.toMatchObject({ status: 400, code: 'InvalidHeaderValue' });
  });
});
