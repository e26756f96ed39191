import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmkAccount } from '../testing/cmk-account.js';
import { cmkWorld } from '../testing/cmk-world.js';
import { type StorageUnderTest, startStorage } from '../testing/start-storage.js';

describe('event invalidation: a node drops its cached key as soon as the vault announces a change', () => {
  let t: StorageUnderTest;
  let world: Awaited<ReturnType<typeof cmkWorld>>;

  beforeAll(async () => {
    t = await startStorage({ CMK_STORAGE_EVENT_INVALIDATION: '1' });
    world = await cmkWorld(t.entra, t.keyvault, 'events');
    await t.storage.createAccount(cmkAccount(world, 'eventacct'));
    await t.storage.createContainer({ account: 'eventacct', container: 'data' });
    await t.storage.putBlob({ account: 'eventacct', container: 'data', blob: 'b', body: 'x' });
  }, 90_000);

  afterAll(() => t?.dispose());

  it('refuses reads right after the key is disabled, without waiting for the cache TTL', async () => {
    const read = () =>
      t.storage.getBlob({ account: 'eventacct', container: 'data', blob: 'b' }).then(
        () => 'ok',
        (e: { code: string }) => e.code,
      );
    expect(await read()).toBe('ok');
    await t.keyvault.updateKey({
      vault: world.vault,
      authorization: await world.admin(),
      name: 'cmk',
      attributes: { enabled: false },
    });
    await expect.poll(read, { timeout: 2000, interval: 20 }).toBe('KeyVaultEncryptionKeyNotFound');
    await t.keyvault.updateKey({
      vault: world.vault,
      authorization: await world.admin(),
      name: 'cmk',
      attributes: { enabled: true },
    });
    await expect.poll(read, { timeout: 2000, interval: 20 }).toBe('ok');
  });
});
