import { AzureError, type Testbed } from '@cmk-testbed/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTestbed } from '../drivers/driver.js';
import { pickDriver } from '../drivers/pick-driver.js';
import { cmkAccount, createCmkWorld } from '../support/cmk-world.js';
import { pastKeyCacheTtl, type TenantWorld, tenantWorld, vaultWithKey } from '../support/tenant-world.js';

/**
 * The user journeys of the seeds, each as a customer performs it through the public contracts, on a testbed
 * started by the driver (processes here; containers where a runtime answers).
 */
describe('user journeys', () => {
  let running: RunningTestbed;
  let tb: Testbed;

  beforeAll(async () => {
    const driver = await pickDriver();
    console.log(`journeys: ${driver.name} driver (${driver.reason})`);
    running = await driver.start({ label: 'journeys' });
    tb = running.tb;
  });

  afterAll(async () => {
    await running?.stop();
  });

  const text = (body: Uint8Array) => Buffer.from(body).toString('utf8');
  const errorOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'succeeded',
      (e: unknown) => (e instanceof AzureError ? `${e.status} ${e.code}` : String(e)),
    );

  async function contoso(name: string): Promise<TenantWorld & { uami: { id: string; principalId: string } }> {
    const world = await tenantWorld(tb, name);
    const uami = await tb.entra.createUserAssignedIdentity({
      subscriptionId: world.subscriptionId,
      resourceGroup: 'rg',
      name: `${name}-uami`,
    });
    return { ...world, uami };
  }

  it('sets up CMK on a new account with a user-assigned identity, and the data is encrypted with it', async () => {
    // cmk-overview-2024: at creation, CMK needs a user-assigned identity with get, wrap and unwrap.
    const world = await createCmkWorld(tb, { name: 'jr-new' });
    const account = await tb.storage.createAccount(cmkAccount(world, 'jrnewacct'));
    expect(account.properties.encryption.keySource).toBe('Microsoft.Keyvault');
    expect(account.properties.encryption.keyvaultproperties?.currentVersionedKeyIdentifier).toBe(world.kid);
    await tb.storage.createContainer({ account: 'jrnewacct', container: 'data' });
    await tb.storage.putBlob({ account: 'jrnewacct', container: 'data', blob: 'b', body: 'secret' });
    expect(
      text((await tb.storage.getBlob({ account: 'jrnewacct', container: 'data', blob: 'b' })).body),
    ).toBe('secret');
    // The vault's audit log shows the account's identity wrapping the account key at creation.
    const { entries } = await tb.keyvault.getAuditLog({ vault: world.vault });
    expect(entries).toContainEqual(
      expect.objectContaining({
        operation: 'wrapKey',
        status: 200,
        caller: expect.objectContaining({ oid: world.uami.principalId }),
      }),
    );
  });

  it('switches an existing account to CMK with its system-assigned identity, data written before stays readable', async () => {
    const world = await contoso('jr-sys');
    const { vaultUri } = await vaultWithKey(tb, world, 'jr-sys-kv');
    await tb.storage.createAccount({
      name: 'jrsysacct',
      subscriptionId: world.subscriptionId,
      location: 'eastus',
    });
    await tb.storage.createContainer({ account: 'jrsysacct', container: 'data' });
    await tb.storage.putBlob({ account: 'jrsysacct', container: 'data', blob: 'old', body: 'before cmk' });
    // Enable the system-assigned identity, grant it on the vault, then point encryption at the key.
    const withIdentity = await tb.storage.updateAccount({
      name: 'jrsysacct',
      identity: { type: 'SystemAssigned' },
    });
    const principalId = withIdentity.identity.principalId!;
    await tb.keyvault.assignRole({
      vault: 'jr-sys-kv',
      principalId,
      role: 'Key Vault Crypto Service Encryption User',
    });
    const switched = await tb.storage.updateAccount({
      name: 'jrsysacct',
      properties: {
        encryption: {
          keySource: 'Microsoft.Keyvault',
          keyvaultproperties: { keyvaulturi: vaultUri, keyname: 'cmk' },
        },
      },
    });
    expect(switched.properties.encryption.keySource).toBe('Microsoft.Keyvault');
    expect(
      text((await tb.storage.getBlob({ account: 'jrsysacct', container: 'data', blob: 'old' })).body),
    ).toBe('before cmk');
  });

  it('rotates: a new key version is adopted at the daily check when no version is pinned', async () => {
    const world = await createCmkWorld(tb, { name: 'jr-rot' });
    await tb.storage.createAccount(cmkAccount(world, 'jrrotacct'));
    await tb.storage.createContainer({ account: 'jrrotacct', container: 'data' });
    await tb.storage.putBlob({ account: 'jrrotacct', container: 'data', blob: 'b', body: 'kept' });
    const rotated = await tb.keyvault.rotateKey({
      vault: world.vault,
      authorization: await world.admin(),
      name: 'cmk',
    });
    expect(rotated.key.kid).not.toBe(world.kid);
    await tb.clock.advance({ by: 'P1DT1M' });
    await expect
      .poll(
        async () =>
          (await tb.storage.getAccount({ name: 'jrrotacct' })).properties.encryption.keyvaultproperties
            ?.currentVersionedKeyIdentifier,
      )
      .toBe(rotated.key.kid);
    expect(
      text((await tb.storage.getBlob({ account: 'jrrotacct', container: 'data', blob: 'b' })).body),
    ).toBe('kept');
  });

  it('revokes by disabling the key (403 for reads, deletes proceed) and restores by enabling it', async () => {
    const world = await createCmkWorld(tb, { name: 'jr-rev' });
    await tb.storage.createAccount(cmkAccount(world, 'jrrevacct'));
    await tb.storage.createContainer({ account: 'jrrevacct', container: 'data' });
    for (const blob of ['keep', 'drop']) {
      await tb.storage.putBlob({ account: 'jrrevacct', container: 'data', blob, body: blob });
    }
    const setEnabled = async (enabled: boolean) =>
      tb.keyvault.updateKey({
        vault: world.vault,
        authorization: await world.admin(),
        name: 'cmk',
        attributes: { enabled },
      });
    await setEnabled(false);
    await tb.clock.advance({ by: pastKeyCacheTtl });
    // Both eastus nodes answer in turn: every read fails on each of them.
    for (let i = 0; i < 4; i++) {
      expect(
        await errorOf(tb.storage.getBlob({ account: 'jrrevacct', container: 'data', blob: 'keep' })),
      ).toBe('403 KeyVaultEncryptionKeyNotFound');
    }
    await tb.storage.deleteBlob({ account: 'jrrevacct', container: 'data', blob: 'drop' });
    await setEnabled(true);
    await tb.clock.advance({ by: pastKeyCacheTtl });
    expect(
      text((await tb.storage.getBlob({ account: 'jrrevacct', container: 'data', blob: 'keep' })).body),
    ).toBe('keep');
  });

  it('sets up cross-tenant CMK from scratch: an ISV account, a customer vault, a federated credential', async () => {
    const isv = await contoso('jr-isv');
    const customer = await tenantWorld(tb, 'jr-customer');
    // ISV: a multi-tenant app that trusts its own user-assigned identity (issuer = ISV tenant, subject = principal).
    const app = await tb.entra.createApplication({
      tenantId: isv.tenantId,
      displayName: 'jr-isv-app',
      multiTenant: true,
    });
    await tb.entra.addFederatedCredential({
      appId: app.appId,
      name: 'storage-cmk',
      issuer: `https://login.microsoftonline.com/${isv.tenantId}/v2.0`,
      subject: isv.uami.principalId,
    });
    // Customer: consents (a service principal of the app in their tenant), owns the vault, grants the SP.
    const sp = await tb.entra.createServicePrincipal({ appId: app.appId, tenantId: customer.tenantId });
    const { vaultUri } = await vaultWithKey(tb, customer, 'jr-cust-kv', { region: 'westeurope' });
    await tb.region('westeurope').keyvault.assignRole({
      vault: 'jr-cust-kv',
      principalId: sp.objectId,
      role: 'Key Vault Crypto Service Encryption User',
    });
    const account = await tb.storage.createAccount({
      name: 'jrisvacct',
      subscriptionId: isv.subscriptionId,
      location: 'eastus',
      identity: { type: 'UserAssigned', userAssignedIdentities: { [isv.uami.id]: {} } },
      properties: {
        encryption: {
          keySource: 'Microsoft.Keyvault',
          keyvaultproperties: { keyvaulturi: vaultUri, keyname: 'cmk' },
          identity: { userAssignedIdentity: isv.uami.id, federatedIdentityClientId: app.appId },
        },
      },
    });
    expect(account.properties.encryption.identity?.federatedIdentityClientId).toBe(app.appId);
    await tb.storage.createContainer({ account: 'jrisvacct', container: 'data' });
    await tb.storage.putBlob({ account: 'jrisvacct', container: 'data', blob: 'b', body: 'cross-tenant' });
    expect(
      text((await tb.storage.getBlob({ account: 'jrisvacct', container: 'data', blob: 'b' })).body),
    ).toBe('cross-tenant');
    // The customer revokes by removing the ISV's service principal: after the caches, storage cannot get a token.
    await tb.entra.deleteServicePrincipal({ appId: app.appId, tenantId: customer.tenantId });
    await tb.clock.advance({ by: 'P1DT1H' });
    expect(await errorOf(tb.storage.getBlob({ account: 'jrisvacct', container: 'data', blob: 'b' }))).toBe(
      '403 KeyVaultAccessTokenCannotBeAcquired',
    );
  });

  it('switches back to Microsoft-managed keys, after which the vault no longer matters', async () => {
    const world = await createCmkWorld(tb, { name: 'jr-back' });
    await tb.storage.createAccount(cmkAccount(world, 'jrbackacct'));
    await tb.storage.createContainer({ account: 'jrbackacct', container: 'data' });
    await tb.storage.putBlob({ account: 'jrbackacct', container: 'data', blob: 'b', body: 'stays' });
    const back = await tb.storage.updateAccount({
      name: 'jrbackacct',
      properties: { encryption: { keySource: 'Microsoft.Storage' } },
    });
    expect(back.properties.encryption.keySource).toBe('Microsoft.Storage');
    // The key can go now: the account key is wrapped by the platform again.
    await tb.keyvault.updateKey({
      vault: world.vault,
      authorization: await world.admin(),
      name: 'cmk',
      attributes: { enabled: false },
    });
    await tb.clock.advance({ by: pastKeyCacheTtl });
    expect(
      text((await tb.storage.getBlob({ account: 'jrbackacct', container: 'data', blob: 'b' })).body),
    ).toBe('stays');
  });
});
