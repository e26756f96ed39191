import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmkAccount } from '../testing/cmk-account.js';
import { cmkWorld } from '../testing/cmk-world.js';
import { type StorageUnderTest, startStorage } from '../testing/start-storage.js';

describe('cross-tenant CMK through a federated credential, with the vault in another region', () => {
  let t: StorageUnderTest;

  beforeAll(async () => {
    t = await startStorage({}, ['eastus', 'westeurope']);
  }, 90_000);

  afterAll(() => t?.dispose());

  /** Tenant1 is the ISV (account, identity, multi-tenant app); Tenant2 the customer (vault, key, SP role). */
  async function crossTenant(prefix: string, vaultRegion = 'westeurope') {
    const isv = await t.entra.createTenant({ displayName: `${prefix}-isv` });
    const isvSub = await t.entra.createSubscription({ tenantId: isv.tenantId, displayName: 'isv' });
    const customer = await t.entra.createTenant({ displayName: `${prefix}-customer` });
    const customerSub = await t.entra.createSubscription({
      tenantId: customer.tenantId,
      displayName: 'customer',
    });
    const uami = await t.entra.createUserAssignedIdentity({
      subscriptionId: isvSub.subscriptionId,
      resourceGroup: 'rg',
      name: `${prefix}-uami`,
    });
    const app = await t.entra.createApplication({
      tenantId: isv.tenantId,
      displayName: `${prefix}-app`,
      multiTenant: true,
    });
    await t.entra.addFederatedCredential({
      appId: app.appId,
      name: 'fic1',
      issuer: `https://login.microsoftonline.com/${isv.tenantId}/v2.0`,
      subject: uami.principalId,
    });
    const sp = await t.entra.createServicePrincipal({ appId: app.appId, tenantId: customer.tenantId });
    // The customer's admin: an identity in the customer tenant with Key Vault Administrator.
    const adminId = await t.entra.createUserAssignedIdentity({
      subscriptionId: customerSub.subscriptionId,
      resourceGroup: 'rg',
      name: `${prefix}-admin`,
    });
    const adminHost = `/subscriptions/${customerSub.subscriptionId}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/admin`;
    await t.entra.attachUserAssignedIdentity({ resourceId: adminHost, identityId: adminId.id });
    const admin = async () =>
      `Bearer ${(await t.entra.getManagedIdentityToken({ resourceId: adminHost, resource: 'https://vault.azure.net', identity: { identityId: adminId.id } })).access_token}`;
    const vault = `${prefix}-kv`;
    await t.keyvault.createVault(
      { name: vault, tenantId: customer.tenantId, location: vaultRegion, enablePurgeProtection: true },
      { scope: vaultRegion },
    );
    await t.keyvault.assignRole(
      { vault, principalId: adminId.principalId, role: 'Key Vault Administrator' },
      { scope: vaultRegion },
    );
    await t.keyvault.assignRole(
      { vault, principalId: sp.objectId, role: 'Key Vault Crypto Service Encryption User' },
      { scope: vaultRegion },
    );
    await t.keyvault.createKey(
      { vault, authorization: await admin(), name: 'cmk', kty: 'RSA' },
      { scope: vaultRegion },
    );
    return {
      isv,
      isvSub,
      customer,
      uami,
      app,
      sp,
      vault,
      vaultUri: `https://${vault}.vault.azure.net`,
      admin,
      vaultRegion,
    };
  }

  it("encrypts an ISV account with the customer's key; each way the federation breaks is KeyVaultAccessTokenCannotBeAcquired", async () => {
    const w = await crossTenant('fed');
    const account = 'isvaccount';
    await t.storage.createAccount({
      name: account,
      subscriptionId: w.isvSub.subscriptionId,
      location: 'eastus',
      identity: { type: 'UserAssigned', userAssignedIdentities: { [w.uami.id]: {} } },
      properties: {
        encryption: {
          keySource: 'Microsoft.Keyvault',
          keyvaultproperties: { keyvaulturi: w.vaultUri, keyname: 'cmk' },
          identity: { userAssignedIdentity: w.uami.id, federatedIdentityClientId: w.app.appId },
        },
      },
    });
    await t.storage.createContainer({ account, container: 'data' });
    await t.storage.putBlob({ account, container: 'data', blob: 'b', body: 'cross-tenant' });
    expect(
      Buffer.from((await t.storage.getBlob({ account, container: 'data', blob: 'b' })).body).toString(),
    ).toBe('cross-tenant');

    const read = () => t.storage.getBlob({ account, container: 'data', blob: 'b' });
    // Tokens are cached until near expiry and keys for the TTL: move past both before each check.
    const later = () => t.advance(25 * 3_600_000);
    await t.entra.removeFederatedCredential({ appId: w.app.appId, name: 'fic1' });
    await later();
    const refused = await read().catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 403, code: 'KeyVaultAccessTokenCannotBeAcquired' });
    expect((refused as { azureCause?: { innerCode?: string } }).azureCause).toMatchObject({
      innerCode: 'AADSTS70021',
    });
    await t.entra.addFederatedCredential({
      appId: w.app.appId,
      name: 'fic1',
      issuer: `https://login.microsoftonline.com/${w.isv.tenantId}/v2.0`,
      subject: w.uami.principalId,
    });
    await expect(read()).resolves.toBeDefined();

    await t.entra.deleteServicePrincipal({ appId: w.app.appId, tenantId: w.customer.tenantId });
    await later();
    await expect(read()).rejects.toMatchObject({
      status: 403,
      code: 'KeyVaultAccessTokenCannotBeAcquired',
      azureCause: { innerCode: 'AADSTS700016' },
    });
    const sp = await t.entra.createServicePrincipal({ appId: w.app.appId, tenantId: w.customer.tenantId });
    await later();
    // A new service principal is a new object: the vault does not know it until the role is granted again.
    await expect(read()).rejects.toMatchObject({
      status: 403,
      code: 'KeyVaultEncryptionKeyNotFound',
      azureCause: { innerCode: 'ForbiddenByRbac' },
    });
    await t.keyvault.assignRole(
      { vault: w.vault, principalId: sp.objectId, role: 'Key Vault Crypto Service Encryption User' },
      { scope: w.vaultRegion },
    );
    await expect(read()).resolves.toBeDefined();
  });

  it('refuses a vault in another region or a 3072-bit key under profile legacy-2020', async () => {
    const legacy = await startStorage({ CMK_STORAGE_PROFILE: 'legacy-2020' }, ['eastus', 'westeurope']);
    try {
      const tenant = await legacy.entra.createTenant({ displayName: 'legacy' });
      const sub = await legacy.entra.createSubscription({ tenantId: tenant.tenantId, displayName: 'legacy' });
      const uami = await legacy.entra.createUserAssignedIdentity({
        subscriptionId: sub.subscriptionId,
        resourceGroup: 'rg',
        name: 'legacy-uami',
      });
      for (const region of ['eastus', 'westeurope']) {
        await legacy.keyvault.createVault(
          {
            name: `legacy-${region}`,
            tenantId: tenant.tenantId,
            location: region,
            enablePurgeProtection: true,
          },
          { scope: region },
        );
        await legacy.keyvault.assignRole(
          { vault: `legacy-${region}`, principalId: uami.principalId, role: 'Key Vault Crypto Officer' },
          { scope: region },
        );
      }
      const host = `/subscriptions/${sub.subscriptionId}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/legacyacct`;
      await legacy.entra.attachUserAssignedIdentity({ resourceId: host, identityId: uami.id });
      const bearer = async () =>
        `Bearer ${(await legacy.entra.getManagedIdentityToken({ resourceId: host, resource: 'https://vault.azure.net', identity: { identityId: uami.id } })).access_token}`;
      await legacy.keyvault.createKey(
        { vault: 'legacy-westeurope', authorization: await bearer(), name: 'cmk', kty: 'RSA' },
        { scope: 'westeurope' },
      );
      await legacy.keyvault.createKey({
        vault: 'legacy-eastus',
        authorization: await bearer(),
        name: 'big',
        kty: 'RSA',
        key_size: 3072,
      });
      const create = (vault: string, keyname: string) =>
        legacy.storage.createAccount({
          name: 'legacyacct',
          subscriptionId: sub.subscriptionId,
          resourceGroup: 'rg',
          location: 'eastus',
          identity: { type: 'UserAssigned', userAssignedIdentities: { [uami.id]: {} } },
          properties: {
            encryption: {
              keySource: 'Microsoft.Keyvault',
              keyvaultproperties: { keyvaulturi: `https://${vault}.vault.azure.net`, keyname },
              identity: { userAssignedIdentity: uami.id },
            },
          },
        });
      await expect(create('legacy-westeurope', 'cmk')).rejects.toMatchObject({
        status: 400,
        message: /legacy-2020: the key vault must be in the account's region/,
      });
      await expect(create('legacy-eastus', 'big')).rejects.toMatchObject({
        status: 400,
        message: /legacy-2020: only RSA 2048/,
      });
    } finally {
      await legacy.dispose();
    }
  }, 90_000);

  it('validates an account created with profile legacy-2020 by that profile, on a node of the current one', async () => {
    const world = await cmkWorld(t.entra, t.keyvault, 'perprofile');
    await t.keyvault.createKey({
      vault: world.vault,
      authorization: await world.admin(),
      name: 'big',
      kty: 'RSA',
      key_size: 3072,
    });
    const withBigKey = (name: string) => cmkAccount(world, name, { keyname: 'big' });
    await expect(
      t.storage.createAccount({ ...withBigKey('legacyprofile'), profile: 'legacy-2020' }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'KeyVaultValidationFailed',
      message: /legacy-2020: only RSA 2048/,
    });
    await expect(t.storage.createAccount(withBigKey('currentprofile'))).resolves.toMatchObject({
      name: 'currentprofile',
    });
  }, 60_000);
});
