import { createTokenVerifier, JwksCache } from '@cmk-testbed/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageAccountId, tenantWithSubscription } from '../testing/directory-builder.js';
import { type EntraUnderTest, startEntra } from '../testing/start-entra.js';

const vault = 'https://vault.azure.net';
const day = 86_400_000;

describe('managed-identity tokens, verified over the bus', () => {
  let t: EntraUnderTest;
  let verify: ReturnType<typeof createTokenVerifier>['verify'];

  beforeAll(async () => {
    t = await startEntra();
    const now = () => t.runtime.clock.now();
    const jwks = new JwksCache({ now, fetchJwks: (tenantId) => t.entra.getJwks({ tenantId }) });
    verify = createTokenVerifier({ jwks, now }).verify;
  });

  afterAll(() => t?.dispose());

  it('issues a real RS256 token for a system-assigned identity with the Azure claims', async () => {
    const { tenant, subscription } = await tenantWithSubscription(t.entra, 'contoso');
    const account = storageAccountId(subscription.subscriptionId, 'acct1');
    const sami = await t.entra.enableSystemAssignedIdentity({ resourceId: account });
    const reply = await t.entra.getManagedIdentityToken({ resourceId: account, resource: vault });
    expect(reply).toMatchObject({
      token_type: 'Bearer',
      resource: vault,
      client_id: sami.clientId,
      expires_in: '86400',
    });
    const result = await verify(reply.access_token, { audience: vault, tenantId: tenant.tenantId });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    expect(result.claims).toMatchObject({
      iss: `https://sts.windows.net/${tenant.tenantId}/`,
      aud: vault,
      oid: sami.principalId,
      sub: sami.principalId,
      appid: sami.clientId,
      tid: tenant.tenantId,
      xms_mirid: account,
    });
    expect(result.claims.exp! - result.claims.iat!).toBe(86_400);
  });

  it('issues a token for a user-assigned identity attached to the resource, picked by client id', async () => {
    const { subscription } = await tenantWithSubscription(t.entra, 'fabrikam');
    const uami = await t.entra.createUserAssignedIdentity({
      subscriptionId: subscription.subscriptionId,
      resourceGroup: 'rg1',
      name: 'uami1',
    });
    const account = storageAccountId(subscription.subscriptionId, 'acct2');
    await expect(
      t.entra.getManagedIdentityToken({
        resourceId: account,
        resource: vault,
        identity: { clientId: uami.clientId },
      }),
    ).rejects.toMatchObject({ status: 400, code: 'invalid_request', message: /not attached/ });
    await t.entra.attachUserAssignedIdentity({ resourceId: account, identityId: uami.id });
    const reply = await t.entra.getManagedIdentityToken({
      resourceId: account,
      resource: vault,
      identity: { clientId: uami.clientId },
    });
    const result = await verify(reply.access_token, { audience: vault });
    expect(result.ok && result.claims).toMatchObject({
      oid: uami.principalId,
      appid: uami.clientId,
      xms_mirid: uami.id,
    });
  });

  it('issues v2 tokens for api://AzureADTokenExchange, the federated assertion audience', async () => {
    const { tenant, subscription } = await tenantWithSubscription(t.entra, 'isv');
    const account = storageAccountId(subscription.subscriptionId, 'acct3');
    await t.entra.enableSystemAssignedIdentity({ resourceId: account });
    const reply = await t.entra.getManagedIdentityToken({
      resourceId: account,
      resource: 'api://AzureADTokenExchange',
    });
    const result = await verify(reply.access_token, { audience: 'api://AzureADTokenExchange' });
    expect(result.ok && result.claims).toMatchObject({
      iss: `https://login.microsoftonline.com/${tenant.tenantId}/v2.0`,
      ver: '2.0',
    });
  });

  it('lets a token expire when the testbed clock passes its lifetime', async () => {
    const { subscription } = await tenantWithSubscription(t.entra, 'expiry');
    const account = storageAccountId(subscription.subscriptionId, 'acct4');
    await t.entra.enableSystemAssignedIdentity({ resourceId: account });
    const { access_token } = await t.entra.getManagedIdentityToken({ resourceId: account, resource: vault });
    expect((await verify(access_token, { audience: vault })).ok).toBe(true);
    await t.advance(day + 10 * 60_000);
    expect(await verify(access_token, { audience: vault })).toMatchObject({ ok: false, failure: 'expired' });
    const fresh = await t.entra.getManagedIdentityToken({ resourceId: account, resource: vault });
    expect((await verify(fresh.access_token, { audience: vault })).ok).toBe(true);
  });

  it('refuses a resource without a system-assigned identity, and a deleted user-assigned one', async () => {
    const { subscription } = await tenantWithSubscription(t.entra, 'missing');
    const account = storageAccountId(subscription.subscriptionId, 'acct5');
    await expect(
      t.entra.getManagedIdentityToken({ resourceId: account, resource: vault }),
    ).rejects.toMatchObject({
      status: 400,
      innerCode: 'IdentityNotFound',
      message: /has no system-assigned identity/,
    });
    const uami = await t.entra.createUserAssignedIdentity({
      subscriptionId: subscription.subscriptionId,
      resourceGroup: 'rg1',
      name: 'doomed',
    });
    await t.entra.attachUserAssignedIdentity({ resourceId: account, identityId: uami.id });
    await t.entra.deleteUserAssignedIdentity({ id: uami.id });
    await expect(
      t.entra.getManagedIdentityToken({
        resourceId: account,
        resource: vault,
        identity: { identityId: uami.id },
      }),
    ).rejects.toMatchObject({ status: 400, message: /was deleted/ });
  });

  it('breaks identities on a subscription move until the system identity is re-enabled or the user identity recreated', async () => {
    const source = await tenantWithSubscription(t.entra, 'source');
    const target = await t.entra.createTenant({ displayName: 'target' });
    const subscriptionId = source.subscription.subscriptionId;
    const account = storageAccountId(subscriptionId, 'acct6');
    const before = await t.entra.enableSystemAssignedIdentity({ resourceId: account });
    const uami = await t.entra.createUserAssignedIdentity({
      subscriptionId,
      resourceGroup: 'rg1',
      name: 'mover',
    });
    await t.entra.attachUserAssignedIdentity({ resourceId: account, identityId: uami.id });

    await t.entra.moveSubscription({ subscriptionId, targetTenantId: target.tenantId });
    await expect(
      t.entra.getManagedIdentityToken({ resourceId: account, resource: vault }),
    ).rejects.toMatchObject({
      status: 400,
      message: /moved to tenant .*disable and re-enable/,
    });
    await expect(
      t.entra.getManagedIdentityToken({
        resourceId: account,
        resource: vault,
        identity: { identityId: uami.id },
      }),
    ).rejects.toMatchObject({ message: /create it again and re-attach/ });

    await t.entra.disableSystemAssignedIdentity({ resourceId: account });
    const after = await t.entra.enableSystemAssignedIdentity({ resourceId: account });
    expect(after.principalId).not.toBe(before.principalId);
    expect(after.tenantId).toBe(target.tenantId);
    const samiToken = await t.entra.getManagedIdentityToken({ resourceId: account, resource: vault });
    expect((await verify(samiToken.access_token, { audience: vault, tenantId: target.tenantId })).ok).toBe(
      true,
    );

    await t.entra.deleteUserAssignedIdentity({ id: uami.id });
    const recreated = await t.entra.createUserAssignedIdentity({
      subscriptionId,
      resourceGroup: 'rg1',
      name: 'mover',
    });
    await t.entra.detachUserAssignedIdentity({ resourceId: account, identityId: uami.id });
    await t.entra.attachUserAssignedIdentity({ resourceId: account, identityId: recreated.id });
    const uamiToken = await t.entra.getManagedIdentityToken({
      resourceId: account,
      resource: vault,
      identity: { identityId: recreated.id },
    });
    expect((await verify(uamiToken.access_token, { audience: vault, tenantId: target.tenantId })).ok).toBe(
      true,
    );
  });
});
