import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmkAccount } from '../testing/cmk-account.js';
import { cmkWorld } from '../testing/cmk-world.js';
import { type StorageUnderTest, startStorage } from '../testing/start-storage.js';

const ttl = 10 * 60_000;

describe('every documented way to revoke, and its restoration, without restarting anything', () => {
  let t: StorageUnderTest;
  let world: Awaited<ReturnType<typeof cmkWorld>>;
  const ref = { account: 'pathsacct', container: 'data', blob: 'b' };
  const read = () =>
    t.storage.getBlob(ref).then(
      () => 'ok',
      (e: { code: string; azureCause?: { innerCode?: string; code?: string } }) =>
        `${e.code}/${e.azureCause?.innerCode ?? e.azureCause?.code}`,
    );
  const afterTtl = () => t.advance(ttl + 1000);

  beforeAll(async () => {
    t = await startStorage();
    world = await cmkWorld(t.entra, t.keyvault, 'paths');
    await t.storage.createAccount(cmkAccount(world, ref.account));
    await t.storage.createContainer({ account: ref.account, container: ref.container });
    await t.storage.putBlob({ ...ref, body: 'x' });
  }, 90_000);

  afterAll(() => t?.dispose());

  it('key deleted → 403 KeyVaultEncryptionKeyNotFound; key recovered → served again', async () => {
    await t.keyvault.deleteKey({ vault: world.vault, authorization: await world.admin(), name: 'cmk' });
    await afterTtl();
    expect(await read()).toBe('KeyVaultEncryptionKeyNotFound/KeyNotFound');
    await t.keyvault.recoverDeletedKey({
      vault: world.vault,
      authorization: await world.admin(),
      name: 'cmk',
    });
    expect(await read()).toBe('ok');
  });

  it('access removed → 403 KeyVaultEncryptionKeyNotFound; access granted again → served again', async () => {
    const kv = t.keyvault;
    const assignment = (await kv.listRoleAssignments({ vault: world.vault })).roleAssignments.find(
      (a) => a.principalId === world.uami.principalId,
    )!;
    await kv.removeRoleAssignment({ vault: world.vault, id: assignment.id });
    await afterTtl();
    expect(await read()).toBe('KeyVaultEncryptionKeyNotFound/ForbiddenByRbac');
    await kv.assignRole({
      vault: world.vault,
      principalId: world.uami.principalId,
      role: 'Key Vault Crypto Service Encryption User',
    });
    expect(await read()).toBe('ok');
  });

  it('firewall without the trusted-service bypass → 403; bypass restored → served again', async () => {
    await t.keyvault.updateVault({
      name: world.vault,
      networkAcls: { defaultAction: 'Deny', bypass: 'None', ipRules: [], virtualNetworkRules: [] },
    });
    await afterTtl();
    expect(await read()).toBe('KeyVaultEncryptionKeyNotFound/ForbiddenByFirewall');
    await t.keyvault.updateVault({
      name: world.vault,
      networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
    });
    expect(await read()).toBe('ok');
    // Open the vault again for the administrator of the next test (not a trusted service).
    await t.keyvault.updateVault({
      name: world.vault,
      networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
    });
  });

  it('an expired key does not revoke: reads go on (Key Vault allows unwrap on an expired key)', async () => {
    await t.keyvault.updateKey({
      vault: world.vault,
      authorization: await world.admin(),
      name: 'cmk',
      attributes: { exp: Math.floor(t.runtime.clock.now() / 1000) + 60 },
    });
    await t.advance(2 * 3_600_000);
    expect(await read()).toBe('ok');
  });
});
