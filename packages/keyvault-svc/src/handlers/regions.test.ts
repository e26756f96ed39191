import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyvaultUnderTest, startKeyvault } from '../testing/start-keyvault.js';
import { type RegionUnderTest, startRegion } from '../testing/start-region.js';
import { type Principal, tenantWorld } from '../testing/vault-world.js';

describe('a keyvault-svc serves only the vaults of its region; vault names are global', () => {
  let t: KeyvaultUnderTest;
  let west: RegionUnderTest;
  let admin: Principal;
  let tenantId: string;
  const inWest = { scope: 'westus' };

  beforeAll(async () => {
    t = await startKeyvault();
    west = await startRegion(t.server.url, 'westus');
    const world = await tenantWorld(t.entra, 'contoso');
    tenantId = world.tenant.tenantId;
    admin = await world.principal('admin');
    await t.keyvault().createVault({ name: 'kv-east', tenantId, location: 'eastus' });
    await t
      .keyvault()
      .assignRole({ vault: 'kv-east', principalId: admin.principalId, role: 'Key Vault Administrator' });
    await t
      .keyvault()
      .createKey({ vault: 'kv-east', authorization: await admin.bearer(), name: 'cmk', kty: 'RSA' });
  }, 60_000);

  afterAll(async () => {
    await west?.dispose();
    await t?.dispose();
  });

  it("refuses a vault request sent to another region's keyvault-svc, naming where the vault lives", async () => {
    const kv = t.keyvault();
    const elsewhere = {
      status: 404,
      code: 'VaultNotFound',
      message: "The vault 'kv-east' was not found. It lives in region eastus, not westus.",
    };
    await expect(kv.getVault({ name: 'kv-east' }, inWest)).rejects.toMatchObject(elsewhere);
    await expect(
      kv.getKey({ vault: 'kv-east', authorization: await admin.bearer(), name: 'cmk' }, inWest),
    ).rejects.toMatchObject(elsewhere);
    await expect(kv.deleteVault({ name: 'kv-east' }, inWest)).rejects.toMatchObject(elsewhere);
    expect((await kv.listVaults({}, inWest)).vaults.map((v) => v.name)).not.toContain('kv-east');
    // Its own region still serves it, and any region can say where it lives.
    await expect(kv.getVault({ name: 'kv-east' })).resolves.toMatchObject({ location: 'eastus' });
    await expect(kv.resolveVault({ name: 'kv-east' }, inWest)).resolves.toMatchObject({
      location: 'eastus',
      vaultUri: 'https://kv-east.vault.azure.net/',
    });
  });

  it('refuses createVault whose location is not the region of the keyvault-svc asked', async () => {
    await expect(
      t.keyvault().createVault({ name: 'kv-misplaced', tenantId, location: 'westus' }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'LocationNotAvailable',
      message:
        'location: this keyvault-svc serves region eastus; send createVault for westus to that region.',
    });
    await expect(t.keyvault().resolveVault({ name: 'kv-misplaced' })).rejects.toMatchObject({ status: 404 });
  });

  it('keeps vault names unique across regions', async () => {
    const kv = t.keyvault();
    await expect(
      kv.createVault({ name: 'kv-east', tenantId, location: 'westus' }, inWest),
    ).rejects.toMatchObject({
      status: 409,
      code: 'VaultAlreadyExists',
      message: "The vault name 'kv-east' is already in use. Vault names are globally unique.",
    });
    await kv.createVault({ name: 'kv-west', tenantId, location: 'westus' }, inWest);
    await expect(kv.createVault({ name: 'kv-west', tenantId, location: 'eastus' })).rejects.toMatchObject({
      status: 409,
      code: 'VaultAlreadyExists',
    });
    // A soft-deleted vault still holds its name in every region.
    await kv.deleteVault({ name: 'kv-west' }, inWest);
    await expect(kv.createVault({ name: 'kv-west', tenantId, location: 'eastus' })).rejects.toMatchObject({
      status: 409,
    });
  });
});
