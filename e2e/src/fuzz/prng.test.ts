import { describe, expect, it } from 'vitest';
import { createPrng, pickWeighted } from './prng.js';

describe('the fuzzer PRNG', () => {
  it('gives the same sequence for the same seed, so a failing run replays', () => {
    const a = createPrng(1234);
    const b = createPrng(1234);
    const draw = (p: ReturnType<typeof createPrng>) => [p.next(), p.int(1000), ...p.bytes(8)];
    expect(draw(a)).toEqual(draw(b));
    expect(draw(a)).toEqual(draw(b));
  });

  it('gives a different sequence for another seed', () => {
    expect(createPrng(1).next()).not.toBe(createPrng(2).next());
  });

  it('stays in range and picks every weighted row in proportion', () => {
    const prng = createPrng(99);
    const rows = [
      { name: 'rare', weight: 1 },
      { name: 'common', weight: 9 },
    ];
    const counts = { rare: 0, common: 0 };
    for (let i = 0; i < 10_000; i++) {
      const x = prng.next();
      expect(x >= 0 && x < 1).toBe(true);
      counts[pickWeighted(prng, rows).name as 'rare' | 'common']++;
    }
    expect(counts.rare).toBeGreaterThan(700);
    expect(counts.rare).toBeLessThan(1300);
  });
});
