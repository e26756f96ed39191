import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageStore } from '../state/storage-store.js';
import { cmkAccount } from '../testing/cmk-account.js';
import { cmkWorld } from '../testing/cmk-world.js';
import { type StorageUnderTest, startStorage } from '../testing/start-storage.js';

const day = 86_400_000;

describe('key versions and key-source changes re-wrap only the account key', () => {
  let t: StorageUnderTest;
  let world: Awaited<ReturnType<typeof cmkWorld>>;
  let raw: StorageStore;

  const createAccount = (name: string, keyversion?: string) =>
    t.storage.createAccount(cmkAccount(world, name, keyversion ? { keyversion } : {}));

  /**
   * The stored ciphertext of a blob, read straight from the data bucket. The raw store reads its index
   * through a KV mirror fed by a watch, so a write made by the storage node a moment ago may not have
   * reached it yet: wait for the entry rather than read once.
   */
  const storedBytes = async (account: string, blob: string) => {
    await expect.poll(async () => (await raw.blobs(account, 'data').get(blob)) !== undefined).toBe(true);
    const entry = (await raw.blobs(account, 'data').get(blob))!.value;
    return { entry, chunk: await raw.getChunk(entry.segments[0]!.objectId, 0) };
  };

  beforeAll(async () => {
    t = await startStorage();
    world = await cmkWorld(t.entra, t.keyvault, 'rotating');
    raw = await StorageStore.open(t.runtime.nc);
  }, 90_000);

  afterAll(async () => {
    raw?.close();
    await t?.dispose();
  });

  it('adopts the newest key version at the daily check when no version is pinned', async () => {
    const before = await createAccount('autorotate');
    await t.storage.createContainer({ account: 'autorotate', container: 'data' });
    await t.storage.putBlob({ account: 'autorotate', container: 'data', blob: 'b', body: 'kept' });
    const bytesBefore = await storedBytes('autorotate', 'b');
    const rotated = await t.keyvault.rotateKey({
      vault: world.vault,
      authorization: await world.admin(),
      name: 'cmk',
    });
    expect(
      (await t.storage.getAccount({ name: 'autorotate' })).properties.encryption.keyvaultproperties
        ?.currentVersionedKeyIdentifier,
    ).toBe(before.properties.encryption.keyvaultproperties?.currentVersionedKeyIdentifier);
    await t.advance(day + 60_000);
    await expect
      .poll(
        async () =>
          (await t.storage.getAccount({ name: 'autorotate' })).properties.encryption.keyvaultproperties
            ?.currentVersionedKeyIdentifier,
      )
      .toBe(rotated.key.kid);
    // The old version can go: the account key is now wrapped by the new one, and the data never changed.
    const oldVersion = before.properties.encryption
      .keyvaultproperties!.currentVersionedKeyIdentifier!.split('/')
      .at(-1)!;
    await t.keyvault.updateKey({
      vault: world.vault,
      authorization: await world.admin(),
      name: 'cmk',
      version: oldVersion,
      attributes: { enabled: false },
    });
    await t.advance(11 * 60_000);
    expect(
      Buffer.from(
        (await t.storage.getBlob({ account: 'autorotate', container: 'data', blob: 'b' })).body,
      ).toString(),
    ).toBe('kept');
    const bytesAfter = await storedBytes('autorotate', 'b');
    expect(bytesAfter.chunk.equals(bytesBefore.chunk)).toBe(true);
    expect(bytesAfter.entry.segments).toEqual(bytesBefore.entry.segments);
  });

  it('adopts the newest enabled version at the daily check when the newest version is disabled', async () => {
    // A key of its own: disabling this key's newest version must not disturb the other tests' key.
    const admin = { vault: world.vault, authorization: await world.admin(), name: 'skipdisabled' };
    const first = await t.keyvault.createKey({ ...admin, kty: 'RSA', key_size: 2048 });
    const before = await t.storage.createAccount(
      cmkAccount(world, 'skipdisabled', { keyname: 'skipdisabled' }),
    );
    expect(before.properties.encryption.keyvaultproperties?.currentVersionedKeyIdentifier).toBe(
      first.key.kid,
    );
    await t.storage.createContainer({ account: 'skipdisabled', container: 'data' });
    await t.storage.putBlob({ account: 'skipdisabled', container: 'data', blob: 'b', body: 'kept' });
    const enabled = await t.keyvault.rotateKey(admin);
    const disabled = await t.keyvault.rotateKey(admin);
    await t.keyvault.updateKey({
      ...admin,
      version: disabled.key.kid.split('/').at(-1)!,
      attributes: { enabled: false },
    });
    const checkNotBefore = t.runtime.clock.now() + day;
    await t.advance(day + 60_000);
    const props = async () =>
      (await t.storage.getAccount({ name: 'skipdisabled' })).properties.encryption.keyvaultproperties!;
    await expect.poll(async () => (await props()).currentVersionedKeyIdentifier).toBe(enabled.key.kid);
    const rotatedAt = Date.parse((await props()).lastKeyRotationTimestamp!);
    expect(rotatedAt).toBeGreaterThanOrEqual(checkNotBefore);
    expect(rotatedAt).toBeLessThanOrEqual(t.runtime.clock.now());
    expect(rotatedAt).toBeGreaterThan(
      Date.parse(before.properties.encryption.keyvaultproperties!.lastKeyRotationTimestamp!),
    );
    // The account key is now wrapped by the adopted version: the first one can go and the data still reads.
    await t.keyvault.updateKey({
      ...admin,
      version: first.key.kid.split('/').at(-1)!,
      attributes: { enabled: false },
    });
    await t.advance(11 * 60_000);
    const blob = await t.storage.getBlob({ account: 'skipdisabled', container: 'data', blob: 'b' });
    expect(Buffer.from(blob.body).toString()).toBe('kept');
  });

  it('keeps a pinned version until updateAccount changes it, then re-wraps without touching the data', async () => {
    const current = await t.keyvault.getKey({
      vault: world.vault,
      authorization: await world.admin(),
      name: 'cmk',
    });
    const pinnedVersion = current.key.kid.split('/').at(-1)!;
    await createAccount('pinned', pinnedVersion);
    await t.storage.createContainer({ account: 'pinned', container: 'data' });
    await t.storage.putBlob({
      account: 'pinned',
      container: 'data',
      blob: 'b',
      body: 'pinned data',
      metadata: { k: 'v' },
    });
    const bytesBefore = await storedBytes('pinned', 'b');
    const rotated = await t.keyvault.rotateKey({
      vault: world.vault,
      authorization: await world.admin(),
      name: 'cmk',
    });
    await t.advance(day + 60_000);
    const afterDay = await t.storage.getAccount({ name: 'pinned' });
    expect(afterDay.properties.encryption.keyvaultproperties?.currentVersionedKeyIdentifier).toBe(
      current.key.kid,
    );

    const newVersion = rotated.key.kid.split('/').at(-1)!;
    const updated = await t.storage.updateAccount({
      name: 'pinned',
      properties: {
        encryption: {
          keySource: 'Microsoft.Keyvault',
          keyvaultproperties: { keyvaulturi: world.vaultUri, keyname: 'cmk', keyversion: newVersion },
          identity: { userAssignedIdentity: world.uami.id },
        },
      },
    });
    expect(updated.properties.encryption.keyvaultproperties?.currentVersionedKeyIdentifier).toBe(
      rotated.key.kid,
    );

    const mmk = await t.storage.updateAccount({
      name: 'pinned',
      properties: { encryption: { keySource: 'Microsoft.Storage' } },
    });
    expect(mmk.properties.encryption.keySource).toBe('Microsoft.Storage');
    expect(mmk.properties.encryption.keyvaultproperties).toBeUndefined();
    const got = await t.storage.getBlob({ account: 'pinned', container: 'data', blob: 'b' });
    expect(Buffer.from(got.body).toString()).toBe('pinned data');
    expect(got.metadata).toEqual({ k: 'v' });
    const bytesAfter = await storedBytes('pinned', 'b');
    expect(bytesAfter.chunk.equals(bytesBefore.chunk)).toBe(true);
    expect(bytesAfter.entry.segments).toEqual(bytesBefore.entry.segments);
  });

  it('refuses a CMK setting Azure would refuse, leaving the account as it was', async () => {
    await t.storage.createAccount({
      name: 'plainacct',
      subscriptionId: world.subscription.subscriptionId,
      location: 'eastus',
    });
    const cmk = (over: Record<string, unknown>) =>
      t.storage.updateAccount({
        name: 'plainacct',
        properties: {
          encryption: {
            keySource: 'Microsoft.Keyvault',
            keyvaultproperties: { keyvaulturi: world.vaultUri, keyname: 'cmk' },
            ...over,
          },
        },
      });
    await expect(cmk({})).rejects.toMatchObject({ status: 400, message: /no system-assigned identity/ });
    await t.storage.updateAccount({ name: 'plainacct', identity: { type: 'SystemAssigned' } });
    await expect(cmk({})).rejects.toMatchObject({
      status: 400,
      code: 'KeyVaultValidationFailed',
      message: /could not be read/,
    });
    const unprotected = 'rotating-kv2';
    await t.keyvault.createVault({ name: unprotected, tenantId: world.tenant.tenantId, location: 'eastus' });
    await expect(
      t.storage.updateAccount({
        name: 'plainacct',
        properties: {
          encryption: {
            keySource: 'Microsoft.Keyvault',
            keyvaultproperties: { keyvaulturi: `https://${unprotected}.vault.azure.net`, keyname: 'cmk' },
          },
        },
      }),
    ).rejects.toMatchObject({ status: 400, message: /purge protection/ });
    expect((await t.storage.getAccount({ name: 'plainacct' })).properties.encryption.keySource).toBe(
      'Microsoft.Storage',
    );
    const sami = (await t.storage.getAccount({ name: 'plainacct' })).identity.principalId!;
    await t.keyvault.assignRole({
      vault: world.vault,
      principalId: sami,
      role: 'Key Vault Crypto Service Encryption User',
    });
    await expect(cmk({})).resolves.toMatchObject({
      properties: { encryption: { keySource: 'Microsoft.Keyvault' } },
    });
  });
});
