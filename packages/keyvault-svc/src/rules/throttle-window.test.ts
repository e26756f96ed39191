import { describe, expect, it } from 'vitest';
import { decideInWindow, throttleWindowAt, windowLimit } from './throttle-window.js';
import { type ThrottleRequest, throttleCost } from './throttling.js';

const t0 = 1_700_000_003_000;

/**
 * Spends one fixed window the way SharedVaultThrottle does, without the bus: how many copies of `request` are
 * admitted before the first refusal.
 */
function admittedInOneWindow(
  request: Omit<ThrottleRequest, 'vault' | 'now'>,
  scale = 1,
  max = 10_000,
): number {
  const window = throttleWindowAt(t0);
  const cost = throttleCost(request);
  const limit = windowLimit(request.category, scale);
  let usedUnits = 0;
  for (let count = 0; count < max; count++) {
    if (!decideInWindow({ usedUnits, cost, limit, window, now: t0 }).ok) return count;
    usedUnits += cost;
  }
  return max;
}

describe('fixed throttling windows', () => {
  it('puts a time in the 10-second window that holds it', () => {
    expect(throttleWindowAt(t0)).toEqual({ index: 170_000_000, endsAt: 1_700_000_010_000 });
    expect(throttleWindowAt(1_700_000_010_000).index).toBe(170_000_001);
  });

  it('scales Azure’s per-category units', () => {
    expect(windowLimit('other', 1)).toBe(4000);
    expect(windowLimit('create', 0.5)).toBe(10);
  });

  it('admits up to the limit, always into an empty window, and refuses until the window ends', () => {
    const window = throttleWindowAt(t0);
    const decide = (usedUnits: number, cost: number, limit: number) =>
      decideInWindow({ usedUnits, cost, limit, window, now: t0 });
    expect(decide(18, 2, 20)).toEqual({ ok: true });
    expect(decide(0, 8, 1)).toEqual({ ok: true });
    expect(decide(19, 2, 20)).toMatchObject({
      ok: false,
      retryAfterSec: 7,
      denial: { status: 429, code: 'Throttled' },
    });
  });

  it('refuses with the exact Azure 429', () => {
    const window = throttleWindowAt(t0);
    expect(decideInWindow({ usedUnits: 40, cost: 1, limit: 40, window, now: t0 })).toEqual({
      ok: false,
      retryAfterSec: 7,
      denial: {
        status: 429,
        code: 'Throttled',
        message:
          'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached',
      },
    });
  });

  it('rounds the wait up to whole seconds, never below 1, so Retry-After lands in the next window', () => {
    const window = throttleWindowAt(t0);
    const retryAfter = (now: number) => {
      const decision = decideInWindow({ usedUnits: 40, cost: 1, limit: 40, window, now });
      return decision.ok ? undefined : decision.retryAfterSec;
    };
    expect(retryAfter(window.endsAt - 1)).toBe(1);
    expect(retryAfter(window.endsAt - 7_001)).toBe(8);
    for (const now of [t0, t0 + 1, window.endsAt - 1001, window.endsAt - 1]) {
      expect(throttleWindowAt(now + retryAfter(now)! * 1000).index).toBe(window.index + 1);
    }
  });
});

describe('one fixed window at Azure scale', () => {
  it.each([
    ['RSA', 2048, 4000],
    ['RSA', 3072, 1000],
    ['RSA', 4096, 500],
    ['EC', undefined, 4000],
    ['RSA-HSM', 2048, 2000],
    ['RSA-HSM', 3072, 500],
    ['RSA-HSM', 4096, 250],
    ['EC-HSM', undefined, 2000],
  ] as const)('admits %s %s "other" transactions up to %i per window', (kty, keySize, limit) => {
    expect(admittedInOneWindow({ category: 'other', kty, keySize })).toBe(limit);
  });

  it('admits 20 software creates and 10 HSM creates per window', () => {
    expect(admittedInOneWindow({ category: 'create', kty: 'RSA', keySize: 4096 })).toBe(20);
    expect(admittedInOneWindow({ category: 'create', kty: 'EC-HSM' })).toBe(10);
  });

  it('scales every limit', () => {
    expect(admittedInOneWindow({ category: 'other', kty: 'RSA' }, 0.01)).toBe(40);
    expect(admittedInOneWindow({ category: 'create', kty: 'RSA' }, 0.5)).toBe(10);
  });

  it('always admits one transaction into an empty window, however small the scale', () => {
    expect(admittedInOneWindow({ category: 'other', kty: 'RSA-HSM', keySize: 4096 }, 0.001)).toBe(1);
    expect(admittedInOneWindow({ category: 'create', kty: 'EC-HSM' }, 0.01)).toBe(1);
  });
});
