import { describe, expect, it } from 'vitest';
import { FakeClock } from '../time/fake-clock.js';
import { TestTenant } from './fixtures/test-tenant.js';
import type { Jwk } from './jwk.js';
import { JwksCache } from './jwks-cache.js';
import { JwksFetchError } from './jwks-fetch-error.js';

/** A cache over one tenant whose fetcher counts calls and can be made to fail. */
async function setup() {
  const tenant = await TestTenant.create();
  const clock = new FakeClock();
  const fetches: string[] = [];
  let failWith: Error | undefined;
  const fetchJwks = async (tenantId: string): Promise<{ keys: Jwk[] }> => {
    fetches.push(tenantId);
    if (failWith) throw failWith;
    return tenant.jwks();
  };
  const cache = new JwksCache({ fetchJwks, now: () => clock.now() });
  const failNextFetches = (error: Error | undefined) => {
    failWith = error;
  };
  return { tenant, clock, fetches, cache, failNextFetches };
}

describe('JwksCache', () => {
  it('fetches a tenant once and serves later keys from the cache', async () => {
    const { tenant, fetches, cache } = await setup();
    const first = await cache.getKey(tenant.tenantId, tenant.currentKey.kid);
    const second = await cache.getKey(tenant.tenantId, tenant.currentKey.kid);
    expect(first).toMatchObject({ type: 'public', algorithm: { name: 'RSASSA-PKCS1-v1_5' } });
    expect(second).toBe(first);
    expect(fetches).toEqual([tenant.tenantId]);
  });

  it('refetches on an unknown kid so a rotated key is found', async () => {
    const { tenant, clock, fetches, cache } = await setup();
    await cache.getKey(tenant.tenantId, tenant.currentKey.kid);
    const rotated = await tenant.rotate();
    clock.advance(1000);
    expect(await cache.getKey(tenant.tenantId, rotated.kid)).toBeDefined();
    expect(fetches).toHaveLength(2);
  });

  it('does not refetch right after the first fetch when the kid is still unknown', async () => {
    const { tenant, fetches, cache } = await setup();
    expect(await cache.getKey(tenant.tenantId, 'no-such-kid')).toBeUndefined();
    expect(fetches).toHaveLength(1);
  });

  it('refetches for unknown kids at most once per second of testbed time', async () => {
    const { tenant, clock, fetches, cache } = await setup();
    await cache.getKey(tenant.tenantId, tenant.currentKey.kid);
    clock.advance(5000);
    expect(await cache.getKey(tenant.tenantId, 'bad-kid-1')).toBeUndefined();
    expect(fetches).toHaveLength(2);
    clock.advance(999);
    expect(await cache.getKey(tenant.tenantId, 'bad-kid-2')).toBeUndefined();
    expect(fetches).toHaveLength(2);
    clock.advance(1);
    expect(await cache.getKey(tenant.tenantId, 'bad-kid-3')).toBeUndefined();
    expect(fetches).toHaveLength(3);
  });

  it('shares one in-flight fetch between concurrent first requests', async () => {
    const tenant = await TestTenant.create();
    let fetchCount = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const cache = new JwksCache({
      fetchJwks: async () => {
        fetchCount += 1;
        await released;
        return tenant.jwks();
      },
      now: () => 0,
    });
    const pending = Array.from({ length: 5 }, () => cache.getKey(tenant.tenantId, tenant.currentKey.kid));
    release();
    const keys = await Promise.all(pending);
    expect(fetchCount).toBe(1);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toBeDefined();
  });

  it('refetches a JWKS older than maxAgeMs even for a known kid', async () => {
    const { tenant, clock, fetches, cache } = await setup();
    await cache.getKey(tenant.tenantId, tenant.currentKey.kid);
    clock.advance(24 * 60 * 60 * 1000 - 1);
    await cache.getKey(tenant.tenantId, tenant.currentKey.kid);
    expect(fetches).toHaveLength(1);
    clock.advance(1);
    await cache.getKey(tenant.tenantId, tenant.currentKey.kid);
    expect(fetches).toHaveLength(2);
  });

  it('surfaces a fetch failure and does not cache it', async () => {
    const { tenant, fetches, cache, failNextFetches } = await setup();
    const cause = new Error('entra-svc unreachable');
    failNextFetches(cause);
    const failed = cache.getKey(tenant.tenantId, tenant.currentKey.kid);
    await expect(failed).rejects.toThrow(JwksFetchError);
    await expect(failed).rejects.toMatchObject({ tenantId: tenant.tenantId, cause });
    failNextFetches(undefined);
    expect(await cache.getKey(tenant.tenantId, tenant.currentKey.kid)).toBeDefined();
    expect(fetches).toHaveLength(2);
  });

  it("does not find one tenant's key under another tenant", async () => {
    const [a, b] = await Promise.all([TestTenant.create(), TestTenant.create()]);
    const byId = new Map([a, b].map((t) => [t.tenantId, t]));
    const cache = new JwksCache({ fetchJwks: async (id) => byId.get(id)!.jwks(), now: () => 0 });
    expect(await cache.getKey(a.tenantId, a.currentKey.kid)).toBeDefined();
    expect(await cache.getKey(b.tenantId, a.currentKey.kid)).toBeUndefined();
  });
});
