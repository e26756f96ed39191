import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmkAccount } from '../testing/cmk-account.js';
import { cmkWorld } from '../testing/cmk-world.js';
import { type StorageUnderTest, startStorage } from '../testing/start-storage.js';

const day = 86_400_000;

describe('account identity types, creation-only settings and the read-only key properties', () => {
  let t: StorageUnderTest;
  let world: Awaited<ReturnType<typeof cmkWorld>>;

  const readBack = async (account: string) =>
    Buffer.from((await t.storage.getBlob({ account, container: 'data', blob: 'b' })).body).toString();

  beforeAll(async () => {
    t = await startStorage();
    world = await cmkWorld(t.entra, t.keyvault, 'acctcov');
  }, 90_000);

  afterAll(() => t?.dispose());

  it('keeps both identities with type "SystemAssigned,UserAssigned" and reaches the key through the user-assigned one', async () => {
    const request = cmkAccount(world, 'bothids');
    request.identity = {
      type: 'SystemAssigned,UserAssigned',
      userAssignedIdentities: { [world.uami.id]: {} },
    };
    const created = await t.storage.createAccount(request);
    expect(created.identity.type).toBe('SystemAssigned,UserAssigned');
    expect(created.identity.principalId).toEqual(expect.any(String));
    expect(created.identity.principalId).not.toBe(world.uami.principalId);
    expect(created.identity.tenantId).toBe(world.tenant.tenantId);
    expect(created.identity.userAssignedIdentities?.[world.uami.id]).toMatchObject({
      principalId: world.uami.principalId,
      clientId: world.uami.clientId,
    });
    expect(created.properties.encryption.identity).toEqual({ userAssignedIdentity: world.uami.id });
    expect(created.properties.encryption.keyvaultproperties?.currentVersionedKeyIdentifier).toMatch(
      new RegExp(`^${world.vaultUri}/keys/cmk/[0-9a-f]{32}$`),
    );

    await t.storage.createContainer({ account: 'bothids', container: 'data' });
    await t.storage.putBlob({ account: 'bothids', container: 'data', blob: 'b', body: 'both' });
    expect(await readBack('bothids')).toBe('both');
    // Only the user-assigned identity holds a role on the vault, so the reads above went through it.
    expect(await t.storage.getAccount({ name: 'bothids' })).toMatchObject({
      identity: { type: 'SystemAssigned,UserAssigned', principalId: created.identity.principalId },
    });
  });

  it('refuses to change requireInfrastructureEncryption after creation and keeps the stored value', async () => {
    const request = cmkAccount(world, 'infraenc');
    request.properties!.encryption!.requireInfrastructureEncryption = true;
    const created = await t.storage.createAccount(request);
    expect(created.properties.encryption.requireInfrastructureEncryption).toBe(true);

    await expect(
      t.storage.updateAccount({
        name: 'infraenc',
        properties: {
          encryption: { keySource: 'Microsoft.Storage', requireInfrastructureEncryption: false },
        },
      }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'InvalidRequestPropertyValue',
      message: /requireInfrastructureEncryption: can only be set when the account is created/,
    });
    const after = await t.storage.getAccount({ name: 'infraenc' });
    expect(after.properties.encryption).toMatchObject({
      requireInfrastructureEncryption: true,
      keySource: 'Microsoft.Keyvault',
    });
    // Restating the value it already has is not a change: a pasted ARM block with it still applies.
    const restated = await t.storage.updateAccount({
      name: 'infraenc',
      properties: { encryption: { keySource: 'Microsoft.Storage', requireInfrastructureEncryption: true } },
    });
    expect(restated.properties.encryption).toMatchObject({
      keySource: 'Microsoft.Storage',
      requireInfrastructureEncryption: true,
    });
  });

  it('fills in lastKeyRotationTimestamp from the testbed clock and currentVersionedKeyExpirationTimestamp from the key exp', async () => {
    const exp = Math.floor(t.runtime.clock.now() / 1000) + 90 * 86_400;
    await t.keyvault.createKey({
      vault: world.vault,
      authorization: await world.admin(),
      name: 'expiring',
      kty: 'RSA',
      attributes: { exp },
    });
    const before = t.runtime.clock.now();
    const created = await t.storage.createAccount(cmkAccount(world, 'keytimes', { keyname: 'expiring' }));
    const props = created.properties.encryption.keyvaultproperties!;
    expect(props.currentVersionedKeyExpirationTimestamp).toBe(new Date(exp * 1000).toISOString());
    const configuredAt = Date.parse(props.lastKeyRotationTimestamp!);
    expect(configuredAt).toBeGreaterThanOrEqual(before);
    expect(configuredAt).toBeLessThanOrEqual(t.runtime.clock.now());

    // Three days later the account moves to the world's key, which has no exp: the expiry goes, the time moves.
    await t.advance(3 * day);
    const moved = await t.storage.updateAccount({
      name: 'keytimes',
      properties: {
        encryption: {
          keySource: 'Microsoft.Keyvault',
          keyvaultproperties: { keyvaulturi: world.vaultUri, keyname: 'cmk' },
          identity: { userAssignedIdentity: world.uami.id },
        },
      },
    });
    const movedProps = moved.properties.encryption.keyvaultproperties!;
    expect(movedProps.currentVersionedKeyExpirationTimestamp).toBeUndefined();
    expect(Date.parse(movedProps.lastKeyRotationTimestamp!)).toBeGreaterThanOrEqual(configuredAt + 3 * day);
    expect(
      (await t.storage.getAccount({ name: 'keytimes' })).properties.encryption.keyvaultproperties,
    ).toEqual(movedProps);
  });
});
