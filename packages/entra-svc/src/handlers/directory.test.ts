import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageAccountId, tenantWithSubscription } from '../testing/directory-builder.js';
import { type EntraUnderTest, startEntra } from '../testing/start-entra.js';

describe('the directory over NATS', () => {
  let t: EntraUnderTest;

  beforeAll(async () => {
    t = await startEntra();
  });

  afterAll(() => t?.dispose());

  it('creates tenants with GUID ids and subscriptions that belong to them', async () => {
    const { tenant, subscription } = await tenantWithSubscription(t.entra, 'contoso');
    expect(tenant.tenantId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(subscription.tenantId).toBe(tenant.tenantId);
    expect((await t.entra.listSubscriptions({ tenantId: tenant.tenantId })).subscriptions).toEqual([
      subscription,
    ]);
    await expect(
      t.entra.getTenant({ tenantId: '00000000-0000-0000-0000-000000000404' }),
    ).rejects.toMatchObject({
      status: 404,
      code: 'TenantNotFound',
    });
    await expect(t.entra.deleteTenant({ tenantId: tenant.tenantId })).rejects.toMatchObject({
      status: 409,
      code: 'TenantHasSubscriptions',
    });
    const uami = await t.entra.createUserAssignedIdentity({
      subscriptionId: subscription.subscriptionId,
      resourceGroup: 'rg',
      name: 'u',
    });
    await expect(
      t.entra.deleteSubscription({ subscriptionId: subscription.subscriptionId }),
    ).rejects.toMatchObject({
      code: 'SubscriptionNotEmpty',
    });
    await t.entra.deleteUserAssignedIdentity({ id: uami.id });
    await t.entra.deleteSubscription({ subscriptionId: subscription.subscriptionId });
    await t.entra.deleteTenant({ tenantId: tenant.tenantId });
    await expect(t.entra.getTenant({ tenantId: tenant.tenantId })).rejects.toMatchObject({ status: 404 });
  });

  it('creates a user-assigned identity as an ARM resource with its own client and principal ids', async () => {
    const { tenant, subscription } = await tenantWithSubscription(t.entra, 'ids');
    const uami = await t.entra.createUserAssignedIdentity({
      subscriptionId: subscription.subscriptionId,
      resourceGroup: 'rg1',
      name: 'uami1',
    });
    expect(uami).toMatchObject({
      id: `/subscriptions/${subscription.subscriptionId}/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uami1`,
      tenantId: tenant.tenantId,
    });
    expect(uami.clientId).not.toBe(uami.principalId);
    // ARM ids are case-insensitive.
    expect(
      await t.entra.getUserAssignedIdentity({
        id: uami.id.toUpperCase().replace('SUBSCRIPTIONS', 'subscriptions'),
      }),
    ).toEqual(uami);
    await expect(
      t.entra.createUserAssignedIdentity({
        subscriptionId: subscription.subscriptionId,
        resourceGroup: 'rg1',
        name: 'uami1',
      }),
    ).rejects.toMatchObject({ status: 409 });
    await t.entra.deleteUserAssignedIdentity({ id: uami.id });
    await expect(t.entra.getUserAssignedIdentity({ id: uami.id })).rejects.toMatchObject({
      status: 404,
      code: 'UserAssignedIdentityNotFound',
    });
  });

  it('binds a system-assigned identity to its resource: same while enabled, new after disable and enable', async () => {
    const { subscription } = await tenantWithSubscription(t.entra, 'sys');
    const resourceId = storageAccountId(subscription.subscriptionId, 'acct1');
    const first = await t.entra.enableSystemAssignedIdentity({ resourceId });
    expect(await t.entra.enableSystemAssignedIdentity({ resourceId })).toEqual(first);
    await t.entra.disableSystemAssignedIdentity({ resourceId });
    await expect(t.entra.getSystemAssignedIdentity({ resourceId })).rejects.toMatchObject({ status: 404 });
    const second = await t.entra.enableSystemAssignedIdentity({ resourceId });
    expect(second.principalId).not.toBe(first.principalId);
  });

  it("keeps federated credentials on an app with Azure's creation rules", async () => {
    const { tenant } = await tenantWithSubscription(t.entra, 'apps');
    const app = await t.entra.createApplication({
      tenantId: tenant.tenantId,
      displayName: 'isv-app',
      multiTenant: true,
    });
    expect(app.signInAudience).toBe('AzureADMultipleOrgs');
    const issuer = `https://login.microsoftonline.com/${tenant.tenantId}/v2.0`;
    const fic = await t.entra.addFederatedCredential({
      appId: app.appId,
      name: 'fic1',
      issuer,
      subject: 'p1',
    });
    expect(fic.audiences).toEqual(['api://AzureADTokenExchange']);
    await expect(
      t.entra.addFederatedCredential({ appId: app.appId, name: 'fic2', issuer, subject: 'p1' }),
    ).rejects.toMatchObject({
      status: 409,
      message: /must be unique/,
    });
    await expect(
      t.entra.addFederatedCredential({ appId: app.appId, name: 'ab', issuer, subject: 'p2' }),
    ).rejects.toMatchObject({
      status: 400,
      message: /name: must be 3 to 120 characters/,
    });
    for (let n = 2; n <= 20; n++)
      await t.entra.addFederatedCredential({ appId: app.appId, name: `fic${n}`, issuer, subject: `p${n}` });
    await expect(
      t.entra.addFederatedCredential({ appId: app.appId, name: 'fic21', issuer, subject: 'p21' }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'FederatedIdentityCredentialLimitExceeded',
    });
    expect((await t.entra.listFederatedCredentials({ appId: app.appId })).credentials).toHaveLength(20);
  });

  it('gives a multi-tenant app a service principal per tenant (same appId, own objectId); a single-tenant app only at home', async () => {
    const home = await t.entra.createTenant({ displayName: 'home' });
    const other = await t.entra.createTenant({ displayName: 'other' });
    const multi = await t.entra.createApplication({
      tenantId: home.tenantId,
      displayName: 'multi',
      multiTenant: true,
    });
    const spHome = await t.entra.createServicePrincipal({ appId: multi.appId, tenantId: home.tenantId });
    const spOther = await t.entra.createServicePrincipal({ appId: multi.appId, tenantId: other.tenantId });
    expect(spHome.appId).toBe(spOther.appId);
    expect(spHome.objectId).not.toBe(spOther.objectId);
    const single = await t.entra.createApplication({ tenantId: home.tenantId, displayName: 'single' });
    await expect(
      t.entra.createServicePrincipal({ appId: single.appId, tenantId: other.tenantId }),
    ).rejects.toMatchObject({
      status: 400,
      message: /single-tenant/,
    });
    await t.entra.deleteApplication({ appId: multi.appId });
    await expect(
      t.entra.getServicePrincipal({ appId: multi.appId, tenantId: other.tenantId }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('rotates a tenant signing key, keeping the old kid published for the grace period on the testbed clock', async () => {
    const tenant = await t.entra.createTenant({ displayName: 'rotating' });
    const [original] = (await t.entra.getJwks({ tenantId: tenant.tenantId })).keys;
    const rotated = await t.entra.rotateSigningKey({ tenantId: tenant.tenantId, grace: 'PT1H' });
    expect(rotated.previousKid).toBe(original!.kid);
    expect((await t.entra.getJwks({ tenantId: tenant.tenantId })).keys.map((k) => k.kid)).toEqual([
      original!.kid,
      rotated.kid,
    ]);
    await t.advance(61 * 60_000);
    expect((await t.entra.getJwks({ tenantId: tenant.tenantId })).keys.map((k) => k.kid)).toEqual([
      rotated.kid,
    ]);
  });
});
