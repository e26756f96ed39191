import { describe, expect, it } from 'vitest';
import { type ThrottleRequest, throttleCost, VaultThrottle } from './throttling.js';

const t0 = 1_700_000_000_000;

function req(partial: Partial<ThrottleRequest> = {}): ThrottleRequest {
  return { vault: 'kv-a', category: 'other', kty: 'RSA', keySize: 2048, now: t0, ...partial };
}

/** Consumes until the first refusal; returns how many were admitted. */
function admittedUntilRefused(throttle: VaultThrottle, request: ThrottleRequest, max = 10_000): number {
  for (let count = 0; count < max; count++) {
    if (!throttle.tryConsume(request).ok) return count;
  }
  return max;
}

describe('throttleCost', () => {
  it.each([
    ['other', 'RSA', 2048, 1],
    ['other', 'RSA', 3072, 4],
    ['other', 'RSA', 4096, 8],
    ['other', 'EC', undefined, 1],
    ['other', 'RSA-HSM', 2048, 2],
    ['other', 'RSA-HSM', 3072, 8],
    ['other', 'RSA-HSM', 4096, 16],
    ['other', 'EC-HSM', undefined, 2],
    ['create', 'RSA', 4096, 1],
    ['create', 'EC', undefined, 1],
    ['create', 'RSA-HSM', 4096, 2],
    ['create', 'EC-HSM', undefined, 2],
  ] as const)('%s %s %s costs %i', (category, kty, keySize, cost) => {
    expect(throttleCost({ category, kty, keySize })).toBe(cost);
  });

  it('treats an RSA key without a size as 2048', () => {
    expect(throttleCost({ category: 'other', kty: 'RSA-HSM' })).toBe(2);
  });
});

describe('VaultThrottle at Azure scale', () => {
  it.each([
    ['RSA', 2048, 4000],
    ['RSA', 3072, 1000],
    ['RSA', 4096, 500],
    ['EC', undefined, 4000],
    ['RSA-HSM', 2048, 2000],
    ['RSA-HSM', 3072, 500],
    ['RSA-HSM', 4096, 250],
    ['EC-HSM', undefined, 2000],
  ] as const)('admits %s %s "other" transactions up to %i per 10 s', (kty, keySize, limit) => {
    expect(admittedUntilRefused(new VaultThrottle(), req({ kty, keySize }))).toBe(limit);
  });

  it('admits 20 software creates and 10 HSM creates per 10 s', () => {
    expect(admittedUntilRefused(new VaultThrottle(), req({ category: 'create' }))).toBe(20);
    expect(admittedUntilRefused(new VaultThrottle(), req({ category: 'create', kty: 'EC-HSM' }))).toBe(10);
  });
});

describe('VaultThrottle', () => {
  it('refuses with the exact Azure 429', () => {
    const throttle = new VaultThrottle({ scale: 0.01 });
    admittedUntilRefused(throttle, req());
    expect(throttle.tryConsume(req())).toEqual({
      ok: false,
      retryAfterSec: 10,
      denial: {
        status: 429,
        code: 'Throttled',
        message:
          'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached',
      },
    });
  });

  it('scales every limit', () => {
    expect(admittedUntilRefused(new VaultThrottle({ scale: 0.01 }), req())).toBe(40);
    expect(admittedUntilRefused(new VaultThrottle({ scale: 0.5 }), req({ category: 'create' }))).toBe(10);
  });

  it('enforces the weighted sum across key types sharing a budget', () => {
    const throttle = new VaultThrottle({ scale: 0.01 }); // 40 units
    for (let i = 0; i < 33; i++) expect(throttle.tryConsume(req()).ok).toBe(true);
    expect(throttle.tryConsume(req({ keySize: 4096 })).ok).toBe(false); // 33 + 8 > 40
    expect(throttle.tryConsume(req({ kty: 'EC-HSM' })).ok).toBe(true); // 33 + 2 = 35
    expect(throttle.tryConsume(req({ keySize: 3072 })).ok).toBe(true); // 35 + 4 = 39
    expect(throttle.tryConsume(req({ kty: 'EC-HSM' })).ok).toBe(false); // 39 + 2 > 40
    expect(throttle.tryConsume(req({ kty: 'EC' })).ok).toBe(true); // 40
  });

  it('keeps create and other budgets apart', () => {
    const throttle = new VaultThrottle({ scale: 0.01 });
    admittedUntilRefused(throttle, req());
    expect(throttle.tryConsume(req({ category: 'create' })).ok).toBe(true);
  });

  it('keeps vaults apart, treating vault names case-insensitively', () => {
    const throttle = new VaultThrottle({ scale: 0.01 });
    admittedUntilRefused(throttle, req({ vault: 'kv-a' }));
    expect(throttle.tryConsume(req({ vault: 'KV-A' })).ok).toBe(false);
    expect(throttle.tryConsume(req({ vault: 'kv-b' })).ok).toBe(true);
  });

  it('frees each transaction exactly 10 s after it was admitted (sliding, not fixed, window)', () => {
    const throttle = new VaultThrottle({ scale: 0.01 });
    for (let i = 0; i < 20; i++) throttle.tryConsume(req({ now: t0 }));
    for (let i = 0; i < 20; i++) throttle.tryConsume(req({ now: t0 + 5000 }));
    expect(throttle.tryConsume(req({ now: t0 + 9999 })).ok).toBe(false);
    expect(admittedUntilRefused(throttle, req({ now: t0 + 10_000 }))).toBe(20);
    expect(throttle.tryConsume(req({ now: t0 + 14_999 })).ok).toBe(false);
    expect(admittedUntilRefused(throttle, req({ now: t0 + 15_000 }))).toBe(20);
  });

  it('does not count refused attempts', () => {
    const throttle = new VaultThrottle({ scale: 0.01 });
    admittedUntilRefused(throttle, req({ now: t0 }));
    for (let i = 0; i < 100; i++) expect(throttle.tryConsume(req({ now: t0 + 5000 })).ok).toBe(false);
    expect(admittedUntilRefused(throttle, req({ now: t0 + 10_000 }))).toBe(40);
  });

  it('gives a Retry-After after which the same request is admitted, and before which it is not', () => {
    const throttle = new VaultThrottle({ scale: 0.01 });
    admittedUntilRefused(throttle, req({ now: t0 }));
    const refused = throttle.tryConsume(req({ now: t0 + 2500 }));
    expect(refused).toMatchObject({ ok: false, retryAfterSec: 8 });
    if (refused.ok) return;
    expect(throttle.tryConsume(req({ now: t0 + 9999 })).ok).toBe(false);
    expect(throttle.tryConsume(req({ now: t0 + 2500 + refused.retryAfterSec * 1000 })).ok).toBe(true);
  });

  it('waits only for as many old units as the new request needs', () => {
    const throttle = new VaultThrottle({ scale: 0.01 }); // 40 units
    for (let i = 0; i < 10; i++) throttle.tryConsume(req({ now: t0 + i * 1000, keySize: 3072 })); // 4 units each
    const big = req({ now: t0 + 9500, keySize: 4096 }); // needs 8 units: the t0 and t0+1s entries must expire
    expect(throttle.tryConsume(big)).toMatchObject({ ok: false, retryAfterSec: 2 });
    expect(throttle.tryConsume({ ...big, now: t0 + 10_000 }).ok).toBe(false);
    expect(throttle.tryConsume({ ...big, now: t0 + 11_000 }).ok).toBe(true);
  });

  it('always admits into an empty window, so a tiny scale slows a vault down instead of locking it out', () => {
    const throttle = new VaultThrottle({ scale: 0.001 }); // 4 units; an HSM RSA-4096 op costs 16
    const big = req({ kty: 'RSA-HSM', keySize: 4096 });
    expect(throttle.tryConsume(big).ok).toBe(true);
    expect(throttle.tryConsume({ ...big, now: t0 + 1000 })).toMatchObject({ ok: false, retryAfterSec: 9 });
    expect(throttle.tryConsume({ ...big, now: t0 + 10_000 }).ok).toBe(true);
  });

  it('drops the windows of idle vaults, so memory stays bounded', () => {
    const throttle = new VaultThrottle();
    for (let i = 0; i < 500; i++) throttle.tryConsume(req({ vault: `kv-${i}`, now: t0 }));
    expect(throttle.size).toBe(500);
    throttle.tryConsume(req({ vault: 'kv-new', now: t0 + 20_000 }));
    expect(throttle.size).toBe(1);
  });

  it('copes with a clock read slightly out of order', () => {
    const throttle = new VaultThrottle({ scale: 0.01 });
    throttle.tryConsume(req({ now: t0 + 10 }));
    for (let i = 0; i < 39; i++) throttle.tryConsume(req({ now: t0 }));
    expect(throttle.tryConsume(req({ now: t0 + 10_009 })).ok).toBe(false);
    expect(admittedUntilRefused(throttle, req({ now: t0 + 10_010 }))).toBe(40);
  });

  it('forgets everything on reset', () => {
    const throttle = new VaultThrottle({ scale: 0.01 });
    admittedUntilRefused(throttle, req());
    throttle.reset();
    expect(throttle.size).toBe(0);
    expect(throttle.tryConsume(req()).ok).toBe(true);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses scale %s', (scale) => {
    expect(() => new VaultThrottle({ scale })).toThrow(RangeError);
  });
});
