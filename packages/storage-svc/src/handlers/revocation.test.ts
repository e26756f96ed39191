import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmkAccount } from '../testing/cmk-account.js';
import { cmkWorld } from '../testing/cmk-world.js';
import { type StorageUnderTest, startStorage } from '../testing/start-storage.js';

const ttl = 10 * 60_000;

describe('a CMK account: 403 for the documented operations while the key is unavailable, the rest proceed', () => {
  let t: StorageUnderTest;
  let world: Awaited<ReturnType<typeof cmkWorld>>;
  const account = 'cmkacct1';

  beforeAll(async () => {
    t = await startStorage();
    world = await cmkWorld(t.entra, t.keyvault, 'contoso');
    const created = await t.storage.createAccount(cmkAccount(world, account));
    expect(created.properties.encryption.keyvaultproperties?.currentVersionedKeyIdentifier).toMatch(
      /\/keys\/cmk\/[0-9a-f]{32}$/,
    );
    await t.storage.createContainer({ account, container: 'data' });
    await t.storage.putBlob({
      account,
      container: 'data',
      blob: 'b1',
      body: 'hello',
      metadata: { team: 'red' },
    });
    await t.storage.putBlob({ account, container: 'data', blob: 'b2', body: 'bye' });
  }, 90_000);

  afterAll(() => t?.dispose());

  it('reads back what it wrote, content and metadata', async () => {
    const got = await t.storage.getBlob({ account, container: 'data', blob: 'b1' });
    expect(Buffer.from(got.body).toString()).toBe('hello');
    expect(got.metadata).toEqual({ team: 'red' });
    expect(got.properties).toMatchObject({ contentLength: 5, serverEncrypted: true });
    const range = await t.storage.getBlob({
      account,
      container: 'data',
      blob: 'b1',
      range: { start: 1, end: 3 },
    });
    expect(Buffer.from(range.body).toString()).toBe('ell');
  });

  it('keeps serving from the node cache until the TTL, then answers 403 KeyVaultEncryptionKeyNotFound; deletes and plain listings proceed', async () => {
    await t.keyvault.updateKey({
      vault: world.vault,
      authorization: await world.admin(),
      name: 'cmk',
      attributes: { enabled: false },
    });
    await expect(t.storage.getBlob({ account, container: 'data', blob: 'b1' })).resolves.toBeDefined();
    await t.advance(ttl + 1000);
    const refused = await t.storage
      .getBlob({ account, container: 'data', blob: 'b1' })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 403, code: 'KeyVaultEncryptionKeyNotFound' });
    expect((refused as Error).message).toMatch(
      /^The key vault key is not found to unwrap the encryption key\.\nRequestId:[0-9a-f-]+\nTime:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/,
    );
    expect((refused as { azureCause?: { innerCode?: string } }).azureCause).toMatchObject({
      innerCode: 'KeyDisabled',
    });
    for (const call of [
      () => t.storage.putBlob({ account, container: 'data', blob: 'b3', body: 'x' }),
      () => t.storage.getBlobProperties({ account, container: 'data', blob: 'b1' }),
      () => t.storage.getBlobMetadata({ account, container: 'data', blob: 'b1' }),
      () => t.storage.setBlobMetadata({ account, container: 'data', blob: 'b1', metadata: { a: 'b' } }),
      () => t.storage.listBlobs({ account, container: 'data', include: ['metadata'] }),
    ]) {
      await expect(call()).rejects.toMatchObject({ status: 403, code: 'KeyVaultEncryptionKeyNotFound' });
    }
    expect((await t.storage.listBlobs({ account, container: 'data' })).blobs.map((b) => b.name)).toEqual([
      'b1',
      'b2',
    ]);
    await t.storage.createContainer({ account, container: 'logs' });
    await expect(t.storage.listContainers({ account })).resolves.toMatchObject({
      containers: [{ name: 'data' }, { name: 'logs' }],
    });
    await t.storage.deleteBlob({ account, container: 'data', blob: 'b2' });

    await t.keyvault.updateKey({
      vault: world.vault,
      authorization: await world.admin(),
      name: 'cmk',
      attributes: { enabled: true },
    });
    const back = await t.storage.getBlob({ account, container: 'data', blob: 'b1' });
    expect(Buffer.from(back.body).toString()).toBe('hello');
  });

  it('reports a lost identity as KeyVaultAccessTokenCannotBeAcquired and a deleted vault as KeyVaultVaultNotFound', async () => {
    await t.entra.detachUserAssignedIdentity({
      resourceId: `/subscriptions/${world.subscription.subscriptionId}/resourceGroups/rg-storage/providers/Microsoft.Storage/storageAccounts/${account}`,
      identityId: world.uami.id,
    });
    await t.advance(25 * 3_600_000);
    await expect(t.storage.getBlob({ account, container: 'data', blob: 'b1' })).rejects.toMatchObject({
      status: 403,
      code: 'KeyVaultAccessTokenCannotBeAcquired',
    });
    await t.entra.attachUserAssignedIdentity({
      resourceId: `/subscriptions/${world.subscription.subscriptionId}/resourceGroups/rg-storage/providers/Microsoft.Storage/storageAccounts/${account}`,
      identityId: world.uami.id,
    });
    await expect(t.storage.getBlob({ account, container: 'data', blob: 'b1' })).resolves.toBeDefined();
    await t.keyvault.deleteVault({ name: world.vault });
    await t.advance(ttl + 1000);
    await expect(t.storage.getBlob({ account, container: 'data', blob: 'b1' })).rejects.toMatchObject({
      status: 403,
      code: 'KeyVaultVaultNotFound',
    });
    await t.keyvault.recoverDeletedVault({ name: world.vault });
    await t.keyvault.assignRole({
      vault: world.vault,
      principalId: world.uami.principalId,
      role: 'Key Vault Crypto Service Encryption User',
    });
    await expect(t.storage.getBlob({ account, container: 'data', blob: 'b1' })).resolves.toBeDefined();
  });
});
