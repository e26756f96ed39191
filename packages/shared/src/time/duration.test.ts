import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['PT1H', 3_600_000],
    ['P1D', 86_400_000],
    ['P7DT12H', 7 * 86_400_000 + 12 * 3_600_000],
    ['PT10M', 600_000],
    ['PT0.5S', 500],
    ['P2W', 14 * 86_400_000],
    [250, 250],
  ])('reads %s as %i ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each(['1h', 'P', 'PT', 'P1M', 'P1Y', '', 'PT-1S'])('refuses %j, naming the field', (input) => {
    expect(() => parseDuration(input, 'with.by')).toThrow(/^with\.by: .*ISO 8601/);
  });

  it('refuses negative milliseconds', () => {
    expect(() => parseDuration(-1, 'by')).toThrow(/by: -1/);
  });
});
