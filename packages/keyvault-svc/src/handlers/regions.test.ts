import { decodeBody, eventSubject } from '@cmk-testbed/shared';
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

  it("fires a vault's timers in its own region only: its purge and its keys' notices are announced there", async () => {
    const kv = t.keyvault();
    const seen: string[] = [];
    for (const region of ['eastus', 'westus']) {
      for (const event of ['KeyNearExpiry', 'VaultPurged']) {
        t.runtime.nc.subscribe(eventSubject('keyvault', region, event), {
          callback: (_err, msg) =>
            seen.push(`${region} ${event} ${(decodeBody(msg.data) as { vault: string }).vault}`),
        });
      }
    }
    await t.runtime.nc.flush();
    await kv.createVault({
      name: 'kv-east-timers',
      tenantId,
      location: 'eastus',
      softDeleteRetentionInDays: 7,
    });
    await kv.assignRole({
      vault: 'kv-east-timers',
      principalId: admin.principalId,
      role: 'Key Vault Administrator',
    });
    // Its KeyNearExpiry is due 30 days before exp: in a day.
    const exp = Math.floor(t.runtime.clock.now() / 1000) + 31 * 86_400;
    await kv.createKey({
      vault: 'kv-east-timers',
      authorization: await admin.bearer(),
      name: 'expiring',
      kty: 'RSA',
      attributes: { exp },
    });
    await kv.createVault({
      name: 'kv-east-doomed',
      tenantId,
      location: 'eastus',
      softDeleteRetentionInDays: 7,
    });
    await kv.deleteVault({ name: 'kv-east-doomed' });
    await t.advance(8 * 86_400_000);
    await west.runtime.clock.waitForRevision(t.runtime.clock.revision(), 5000);
    await expect
      .poll(() => [...seen].sort())
      .toEqual(['eastus KeyNearExpiry kv-east-timers', 'eastus VaultPurged kv-east-doomed']);
  });
});
