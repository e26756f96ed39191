import { describe, expect, it } from 'vitest';
import { decideInWindow, throttleWindowAt, windowLimit } from './throttle-window.js';

const t0 = 1_700_000_003_000;

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
});
