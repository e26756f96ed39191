import { createTokenVerifier, JwksCache, tokenExchangeAudience } from '@cmk-testbed/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntraStore } from '../state/entra-store.js';
import { appTokenClaims } from '../state/token-claims.js';
import { TokenSigner } from '../state/token-signer.js';
import { crossTenantSetup } from '../testing/directory-builder.js';
import { type EntraUnderTest, startEntra } from '../testing/start-entra.js';

const vaultScope = 'https://vault.azure.net/.default';
const jwtBearer = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' as const;

/** The 401 of an exchange whose assertion matched a federated credential and then failed its `claim` check. */
const noMatchingRecord = (innerCode: string, claim: 'audience' | 'issuer', value: string) => ({
  status: 401,
  code: 'invalid_client',
  innerCode,
  message: new RegExp(
    `^${innerCode}: No matching federated identity record found for presented assertion ${claim} '${value}'`,
  ),
});

describe('client credentials: the federated cross-tenant exchange and client secrets', () => {
  let t: EntraUnderTest;
  let setup: Awaited<ReturnType<typeof crossTenantSetup>>;
  let verify: ReturnType<typeof createTokenVerifier>['verify'];

  const assertion = async () =>
    (
      await t.entra.getManagedIdentityToken({
        resourceId: setup.account,
        resource: 'api://AzureADTokenExchange',
        identity: { identityId: setup.uami.id },
      })
    ).access_token;

  const exchange = async (over: Record<string, unknown> = {}) =>
    t.entra.token({
      tenantId: setup.customer.tenant.tenantId,
      grant_type: 'client_credentials',
      client_id: setup.app.appId,
      scope: vaultScope,
      client_assertion_type: jwtBearer,
      client_assertion: await assertion(),
      ...over,
    });

  beforeAll(async () => {
    t = await startEntra();
    setup = await crossTenantSetup(t.entra);
    const now = () => t.runtime.clock.now();
    verify = createTokenVerifier({
      jwks: new JwksCache({ now, fetchJwks: (tenantId) => t.entra.getJwks({ tenantId }) }),
      now,
    }).verify;
  });

  afterAll(() => t?.dispose());

  it('exchanges the ISV identity assertion for a customer-tenant vault token of the service principal', async () => {
    const reply = await exchange();
    expect(reply).toMatchObject({ token_type: 'Bearer', expires_in: 86_400 });
    const result = await verify(reply.access_token, {
      audience: 'https://vault.azure.net',
      tenantId: setup.customer.tenant.tenantId,
    });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(result.ok && result.claims).toMatchObject({
      iss: `https://sts.windows.net/${setup.customer.tenant.tenantId}/`,
      oid: setup.sp.objectId,
      appid: setup.app.appId,
      tid: setup.customer.tenant.tenantId,
    });
    expect(setup.sp.objectId).not.toBe(setup.app.objectId);
  });

  it('AADSTS700016 when the app has no service principal in the tenant, or does not exist', async () => {
    await t.entra.deleteServicePrincipal({
      appId: setup.app.appId,
      tenantId: setup.customer.tenant.tenantId,
    });
    try {
      await expect(exchange()).rejects.toMatchObject({
        status: 400,
        code: 'unauthorized_client',
        innerCode: 'AADSTS700016',
        message: new RegExp(
          `^AADSTS700016: Application with identifier '${setup.app.appId}' was not found in the directory 'contoso'`,
        ),
      });
    } finally {
      setup.sp = await t.entra.createServicePrincipal({
        appId: setup.app.appId,
        tenantId: setup.customer.tenant.tenantId,
      });
    }
    await expect(exchange({ client_id: '00000000-0000-0000-0000-00000000beef' })).rejects.toMatchObject({
      innerCode: 'AADSTS700016',
    });
  });

  it('AADSTS70021 when no federated credential matches issuer, subject and audience', async () => {
    await t.entra.removeFederatedCredential({ appId: setup.app.appId, name: 'fic1' });
    try {
      await expect(exchange()).rejects.toMatchObject({
        status: 400,
        code: 'invalid_request',
        innerCode: 'AADSTS70021',
        message: new RegExp(
          `No matching federated identity record found for presented assertion. Assertion Issuer: 'https://login.microsoftonline.com/${setup.isv.tenant.tenantId}/v2.0'. Assertion Subject: '${setup.uami.principalId}'`,
        ),
      });
      // A credential with a wrong subject is accepted at creation and fails only here.
      await t.entra.addFederatedCredential({
        appId: setup.app.appId,
        name: 'wrong-subject',
        issuer: `https://login.microsoftonline.com/${setup.isv.tenant.tenantId}/v2.0`,
        subject: '00000000-0000-0000-0000-000000000000',
      });
      await expect(exchange()).rejects.toMatchObject({ innerCode: 'AADSTS70021' });
    } finally {
      await t.entra
        .removeFederatedCredential({ appId: setup.app.appId, name: 'wrong-subject' })
        .catch(() => {});
      await t.entra.addFederatedCredential({
        appId: setup.app.appId,
        name: 'fic1',
        issuer: `https://login.microsoftonline.com/${setup.isv.tenant.tenantId}/v2.0`,
        subject: setup.uami.principalId,
      });
    }
    await expect(exchange()).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('AADSTS700024 when the assertion has expired on the testbed clock', async () => {
    const old = await assertion();
    await t.advance(25 * 3_600_000);
    await expect(exchange({ client_assertion: old })).rejects.toMatchObject({
      status: 401,
      code: 'invalid_client',
      innerCode: 'AADSTS700024',
      message: /Client assertion is not within its valid time range/,
    });
    await expect(exchange()).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it("AADSTS700027 when the assertion signature is not the issuer tenant's", async () => {
    const good = await assertion();
    const [header, payload, signature] = good.split('.');
    const tampered = `${header}.${payload}.${signature!.slice(0, -6)}AAAAAA`;
    await expect(exchange({ client_assertion: tampered })).rejects.toMatchObject({
      status: 401,
      innerCode: 'AADSTS700027',
    });
    await expect(exchange({ client_assertion: 'not-a-jwt' })).rejects.toMatchObject({
      status: 400,
      innerCode: 'AADSTS50027',
    });
  });

  it('AADSTS700212 when a credential matches but the assertion audience is not the token exchange one', async () => {
    // A credential for a custom audience is accepted at creation; the assertion for that audience (a v1 token,
    // so the v1 issuer) matches it, and then fails the exchange's audience check.
    const customAudience = 'api://isv-custom-exchange';
    await t.entra.addFederatedCredential({
      appId: setup.app.appId,
      name: 'custom-audience',
      issuer: `https://sts.windows.net/${setup.isv.tenant.tenantId}/`,
      subject: setup.uami.principalId,
      audiences: [customAudience],
    });
    try {
      const forCustomAudience = await t.entra.getManagedIdentityToken({
        resourceId: setup.account,
        resource: customAudience,
        identity: { identityId: setup.uami.id },
      });
      await expect(exchange({ client_assertion: forCustomAudience.access_token })).rejects.toMatchObject(
        noMatchingRecord('AADSTS700212', 'audience', customAudience),
      );
    } finally {
      await t.entra.removeFederatedCredential({ appId: setup.app.appId, name: 'custom-audience' });
    }
  });

  it('AADSTS700211 when a credential matches but the assertion issuer is not the tenant that signed it', async () => {
    // An assertion signed with the ISV tenant's key that claims to be issued by the customer tenant: the
    // credential trusting that issuer matches, and the issuer check refuses it.
    const claimedIssuer = `https://login.microsoftonline.com/${setup.customer.tenant.tenantId}/v2.0`;
    await t.entra.addFederatedCredential({
      appId: setup.app.appId,
      name: 'customer-issuer',
      issuer: claimedIssuer,
      subject: setup.uami.principalId,
    });
    try {
      const store = await EntraStore.open(t.runtime.nc);
      const claims = appTokenClaims(
        {
          tenantId: setup.isv.tenant.tenantId,
          objectId: setup.uami.principalId,
          clientId: setup.uami.clientId,
        },
        tokenExchangeAudience,
        t.runtime.clock.now(),
        3_600_000,
      );
      const forged = await new TokenSigner(store).sign(setup.isv.tenant.tenantId, {
        ...claims,
        iss: claimedIssuer,
      });
      await expect(exchange({ client_assertion: forged })).rejects.toMatchObject(
        noMatchingRecord('AADSTS700211', 'issuer', claimedIssuer),
      );
    } finally {
      await t.entra.removeFederatedCredential({ appId: setup.app.appId, name: 'customer-issuer' });
    }
    await expect(exchange()).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('AADSTS90002 for an unknown tenant, AADSTS7000218 without a credential, AADSTS1002012 for a bad scope', async () => {
    await expect(exchange({ tenantId: '00000000-0000-0000-0000-00000000cafe' })).rejects.toMatchObject({
      innerCode: 'AADSTS90002',
    });
    await expect(
      exchange({ client_assertion: undefined, client_assertion_type: undefined }),
    ).rejects.toMatchObject({
      status: 401,
      innerCode: 'AADSTS7000218',
    });
    await expect(exchange({ scope: 'https://vault.azure.net' })).rejects.toMatchObject({
      status: 400,
      code: 'invalid_scope',
      innerCode: 'AADSTS1002012',
    });
  });

  it('accepts a valid client secret; AADSTS7000215 for a wrong one, AADSTS7000222 once it expires', async () => {
    const secret = await t.entra.addClientSecret({
      appId: setup.app.appId,
      displayName: 's1',
      lifetime: 'P2D',
    });
    const withSecret = (client_secret: string) =>
      t.entra.token({
        tenantId: setup.customer.tenant.tenantId,
        grant_type: 'client_credentials',
        client_id: setup.app.appId,
        scope: vaultScope,
        client_secret,
      });
    await expect(withSecret(secret.secretText)).resolves.toMatchObject({ token_type: 'Bearer' });
    await expect(withSecret('wrong')).rejects.toMatchObject({ status: 401, innerCode: 'AADSTS7000215' });
    await t.advance(3 * 86_400_000);
    await expect(withSecret(secret.secretText)).rejects.toMatchObject({
      status: 401,
      innerCode: 'AADSTS7000222',
    });
  });
});
