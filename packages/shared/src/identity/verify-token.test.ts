import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../time/fake-clock.js';
import { TestTenant } from './fixtures/test-tenant.js';
import { JwksCache } from './jwks-cache.js';
import { JwksFetchError } from './jwks-fetch-error.js';
import { tokenFailures } from './token-failure.js';
import { createTokenVerifier } from './verify-token.js';

const vault = 'https://vault.azure.net';
const start = Date.UTC(2026, 0, 2);
const expectVault = { audience: vault };

let tenant: TestTenant;
beforeAll(async () => {
  tenant = await TestTenant.create();
});

/** A verifier over `tenant` on a fake clock at `start`, counting JWKS fetches. */
function setup() {
  const clock = new FakeClock(start);
  const fetches: string[] = [];
  let failWith: Error | undefined;
  const jwks = new JwksCache({
    fetchJwks: async (tenantId) => {
      fetches.push(tenantId);
      if (failWith) throw failWith;
      return tenant.jwks();
    },
    now: () => clock.now(),
  });
  const verifier = createTokenVerifier({ jwks, now: () => clock.now() });
  const failFetches = (error: Error | undefined) => {
    failWith = error;
  };
  return { clock, fetches, verifier, failFetches };
}

const sign = (
  options: Omit<Parameters<TestTenant['sign']>[0], 'issuedAtMs'> & { issuedAtMs?: number } = {},
) => tenant.sign({ issuedAtMs: start, ...options });

describe('createTokenVerifier', () => {
  it('accepts a valid v1 token and returns its claims', async () => {
    const { verifier } = setup();
    const result = await verifier.verify(await sign({ version: '1.0' }), expectVault);
    expect(result).toEqual({
      ok: true,
      claims: expect.objectContaining({
        iss: `https://sts.windows.net/${tenant.tenantId}/`,
        aud: vault,
        tid: tenant.tenantId,
        ver: '1.0',
        appid: '22222222-2222-2222-2222-222222222222',
        exp: start / 1000 + 3600,
      }),
    });
  });

  it('accepts a valid v2 token of a managed identity and returns its claims', async () => {
    const { verifier } = setup();
    const mirid =
      '/subscriptions/x/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u';
    const token = await sign({ version: '2.0', claims: { xms_mirid: mirid } });
    const result = await verifier.verify(token, { audience: [vault, 'https://storage.azure.com'] });
    expect(result).toEqual({
      ok: true,
      claims: expect.objectContaining({
        iss: `https://login.microsoftonline.com/${tenant.tenantId}/v2.0`,
        ver: '2.0',
        azp: '22222222-2222-2222-2222-222222222222',
        xms_mirid: mirid,
      }),
    });
  });

  it('accepts a token whose issuer is in the caller-given list', async () => {
    const { verifier } = setup();
    const iss = 'https://issuer.example/';
    const result = await verifier.verify(await sign({ claims: { iss } }), { ...expectVault, issuers: [iss] });
    expect(result.ok).toBe(true);
  });

  describe('malformed', () => {
    it.each([
      ['not a JWT at all', 'abc', 'malformed: not a signed JWT (expected 3 dot-separated parts, found 1)'],
      [
        'a JWE-shaped token',
        'a.b.c.d.e',
        'malformed: not a signed JWT (expected 3 dot-separated parts, found 5)',
      ],
      ['garbage in three parts', 'a.b.c', 'malformed: not a JWT'],
    ])('refuses %s', async (_, token, message) => {
      const { verifier, fetches } = setup();
      const result = await verifier.verify(token, expectVault);
      expect(result).toMatchObject({ ok: false, failure: tokenFailures.malformed });
      expect(result.ok || result.message).toContain(message);
      expect(fetches).toEqual([]);
    });

    it('refuses a token without kid', async () => {
      const { verifier } = setup();
      const result = await verifier.verify(await sign({ header: { kid: undefined } }), expectVault);
      expect(result).toEqual({ ok: false, failure: 'malformed', message: 'malformed: header has no kid' });
    });

    it('refuses a token without tid, and one whose tid is not a GUID, before fetching anything', async () => {
      const { verifier, fetches } = setup();
      const noTid = await verifier.verify(await sign({ claims: { tid: undefined } }), expectVault);
      const badTid = await verifier.verify(await sign({ claims: { tid: '../other' } }), expectVault);
      expect(noTid).toEqual({
        ok: false,
        failure: 'malformed',
        message: 'malformed: token has no tid claim',
      });
      expect(badTid).toEqual({
        ok: false,
        failure: 'malformed',
        message: 'malformed: tid must be a GUID, found ../other',
      });
      expect(fetches).toEqual([]);
    });

    it('refuses a token without exp and one with a claim of the wrong type', async () => {
      const { verifier } = setup();
      const noExp = await verifier.verify(await sign({ claims: { exp: undefined } }), expectVault);
      const badOid = await verifier.verify(await sign({ claims: { oid: 42 } }), expectVault);
      expect(noExp).toMatchObject({ failure: 'malformed', message: 'malformed: token has no exp claim' });
      expect(badOid).toMatchObject({
        failure: 'malformed',
        message: 'malformed: oid must be a string, found 42',
      });
    });

    it('refuses any algorithm but RS256, so a token cannot be HMAC-signed with the public key', async () => {
      const { verifier } = setup();
      const secret = new TextEncoder().encode(tenant.currentKey.jwk.n);
      const hs256 = await new SignJWT({ tid: tenant.tenantId, aud: vault, exp: start / 1000 + 60 })
        .setProtectedHeader({ alg: 'HS256', kid: tenant.currentKey.kid })
        .sign(secret);
      const header = Buffer.from(JSON.stringify({ alg: 'none', kid: tenant.currentKey.kid })).toString(
        'base64url',
      );
      const unsigned = `${header}.${hs256.split('.')[1]}.`;
      expect(await verifier.verify(hs256, expectVault)).toEqual({
        ok: false,
        failure: 'malformed',
        message: 'malformed: alg must be RS256, found HS256',
      });
      expect(await verifier.verify(unsigned, expectVault)).toMatchObject({
        failure: 'malformed',
        message: 'malformed: alg must be RS256, found none',
      });
    });
  });

  describe('signature', () => {
    it('refuses a token signed by a key the tenant never published, under a published kid', async () => {
      const { verifier } = setup();
      const forger = await TestTenant.createKey(tenant.currentKey.kid);
      const result = await verifier.verify(await sign({ key: forger }), expectVault);
      expect(result).toEqual({
        ok: false,
        failure: 'signature',
        message: `signature: signature does not verify with key ${tenant.currentKey.kid} of tenant ${tenant.tenantId}`,
      });
    });

    it('refuses a token whose payload was altered after signing', async () => {
      const { verifier } = setup();
      const [header, , signature] = (await sign()).split('.');
      const payload = Buffer.from(
        JSON.stringify({ tid: tenant.tenantId, aud: vault, exp: start / 1000 + 60 }),
      );
      const result = await verifier.verify(
        `${header}.${payload.toString('base64url')}.${signature}`,
        expectVault,
      );
      expect(result).toMatchObject({ ok: false, failure: 'signature' });
    });

    it('refuses an unknown kid after one refresh of the JWKS', async () => {
      const { verifier, fetches, clock } = setup();
      await verifier.verify(await sign(), expectVault);
      clock.advance(60_000);
      const stranger = await TestTenant.createKey('kid-unknown');
      const result = await verifier.verify(await sign({ key: stranger }), expectVault);
      expect(result).toEqual({
        ok: false,
        failure: 'signature',
        message: `signature: no key with kid kid-unknown in the JWKS of tenant ${tenant.tenantId}`,
      });
      expect(fetches).toHaveLength(2);
    });

    it('finds a rotated signing key by refetching the JWKS, and still accepts the old key', async () => {
      const rotating = await TestTenant.create();
      const clock = new FakeClock(start);
      let fetchCount = 0;
      const jwks = new JwksCache({
        fetchJwks: async () => {
          fetchCount += 1;
          return rotating.jwks();
        },
        now: () => clock.now(),
      });
      const verifier = createTokenVerifier({ jwks, now: () => clock.now() });
      const old = await rotating.sign({ issuedAtMs: start });
      expect((await verifier.verify(old, expectVault)).ok).toBe(true);
      await rotating.rotate();
      clock.advance(2000);
      const rotated = await rotating.sign({ issuedAtMs: start });
      expect(await verifier.verify(rotated, expectVault)).toMatchObject({ ok: true });
      expect(await verifier.verify(old, expectVault)).toMatchObject({ ok: true });
      expect(fetchCount).toBe(2);
    });
  });

  describe('lifetime', () => {
    it('reports an expired token with both times', async () => {
      const { verifier, clock } = setup();
      const token = await sign({ claims: { exp: start / 1000 } });
      expect((await verifier.verify(token, expectVault)).ok).toBe(true);
      clock.advance(24 * 60 * 60 * 1000);
      expect(await verifier.verify(token, expectVault)).toEqual({
        ok: false,
        failure: 'expired',
        message: 'expired: token expired at 2026-01-02T00:00:00.000Z, now is 2026-01-03T00:00:00.000Z',
      });
    });

    it('expires a token once the injected clock moves past exp plus the 300 s tolerance', async () => {
      const { verifier, clock } = setup();
      const token = await sign();
      const exp = start + 3600_000;
      clock.advance(exp - start + 299_000);
      expect(await verifier.verify(token, expectVault)).toMatchObject({ ok: true });
      clock.advance(2000);
      expect(await verifier.verify(token, expectVault)).toMatchObject({
        ok: false,
        failure: 'expired',
        message: 'expired: token expired at 2026-01-02T01:00:00.000Z, now is 2026-01-02T01:05:01.000Z',
      });
    });

    it('honours a custom tolerance', async () => {
      const { clock } = setup();
      const jwks = new JwksCache({ fetchJwks: async () => tenant.jwks(), now: () => clock.now() });
      const strict = createTokenVerifier({ jwks, now: () => clock.now(), clockToleranceSec: 0 });
      const token = await sign();
      clock.advance(3600_000 - 1000);
      expect((await strict.verify(token, expectVault)).ok).toBe(true);
      clock.advance(1000);
      expect(await strict.verify(token, expectVault)).toMatchObject({ failure: 'expired' });
    });

    it('refuses a token used before nbf beyond the tolerance, and accepts it within', async () => {
      const { verifier } = setup();
      const early = await sign({ issuedAtMs: start + 301_000 });
      const barelyEarly = await sign({ issuedAtMs: start + 299_000 });
      expect(await verifier.verify(early, expectVault)).toEqual({
        ok: false,
        failure: 'not-before',
        message:
          'not-before: token not valid before 2026-01-02T00:05:01.000Z, now is 2026-01-02T00:00:00.000Z',
      });
      expect((await verifier.verify(barelyEarly, expectVault)).ok).toBe(true);
    });
  });

  describe('issuer, audience and tenant', () => {
    it('refuses an issuer of another tenant', async () => {
      const { verifier } = setup();
      const other = crypto.randomUUID();
      const result = await verifier.verify(
        await sign({ claims: { iss: `https://sts.windows.net/${other}/` } }),
        expectVault,
      );
      expect(result).toEqual({
        ok: false,
        failure: 'issuer',
        message:
          `issuer: expected one of https://sts.windows.net/${tenant.tenantId}/, ` +
          `https://login.microsoftonline.com/${tenant.tenantId}/v2.0, found https://sts.windows.net/${other}/`,
      });
    });

    it('refuses a token without iss', async () => {
      const { verifier } = setup();
      const result = await verifier.verify(await sign({ claims: { iss: undefined } }), expectVault);
      expect(result).toMatchObject({
        failure: 'issuer',
        message: expect.stringMatching(/, found \(none\)$/),
      });
    });

    it('refuses a token for another audience, naming both', async () => {
      const { verifier } = setup();
      const result = await verifier.verify(
        await sign({ audience: 'api://AzureADTokenExchange' }),
        expectVault,
      );
      expect(result).toEqual({
        ok: false,
        failure: 'audience',
        message: 'audience: expected https://vault.azure.net, found api://AzureADTokenExchange',
      });
    });

    it('refuses a token from a tenant other than the expected one', async () => {
      const { verifier } = setup();
      const expected = crypto.randomUUID();
      const result = await verifier.verify(await sign(), { ...expectVault, tenantId: expected });
      expect(result).toEqual({
        ok: false,
        failure: 'tenant',
        message: `tenant: expected ${expected}, found ${tenant.tenantId}`,
      });
      const sameTenant = await verifier.verify(await sign(), {
        ...expectVault,
        tenantId: tenant.tenantId.toUpperCase(),
      });
      expect(sameTenant.ok).toBe(true);
    });

    it('reports the first failing check: lifetime before issuer before audience before tenant', async () => {
      const { verifier, clock } = setup();
      const token = await sign({ audience: 'api://other', claims: { iss: 'https://evil/' } });
      const expect_ = { audience: vault, tenantId: crypto.randomUUID() };
      expect(await verifier.verify(token, expect_)).toMatchObject({ failure: 'issuer' });
      expect(await verifier.verify(token, { ...expect_, issuers: ['https://evil/'] })).toMatchObject({
        failure: 'audience',
      });
      clock.advance(2 * 3600_000);
      expect(await verifier.verify(token, expect_)).toMatchObject({ failure: 'expired' });
    });
  });

  it('throws a JwksFetchError when the JWKS cannot be fetched, and retries on the next call', async () => {
    const { verifier, fetches, failFetches } = setup();
    const token = await sign();
    failFetches(new Error('no responders'));
    await expect(verifier.verify(token, expectVault)).rejects.toThrow(JwksFetchError);
    failFetches(undefined);
    expect((await verifier.verify(token, expectVault)).ok).toBe(true);
    expect(fetches).toHaveLength(2);
  });

  it('names every failure kind in tokenFailures', () => {
    expect(Object.values(tokenFailures).sort()).toEqual(
      ['audience', 'expired', 'issuer', 'malformed', 'not-before', 'signature', 'tenant'].sort(),
    );
  });
});
