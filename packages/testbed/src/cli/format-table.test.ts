import { describe, expect, it } from 'vitest';
import { formatTable, formatUptime } from './format-table.js';

describe('formatTable', () => {
  it('pads every column to its widest cell', () => {
    expect(
      formatTable(
        ['A', 'LONGER'],
        [
          ['xyz', '1'],
          ['q', '22'],
        ],
      ),
    ).toBe('A    LONGER\nxyz  1\nq    22');
  });
});

describe('formatUptime', () => {
  it.each([
    [999, '0s'],
    [12_000, '12s'],
    [125_000, '2m 05s'],
    [3 * 3_600_000 + 4 * 60_000, '3h 04m'],
  ])('shows %i ms as %s', (ms, text) => {
    expect(formatUptime(ms)).toBe(text);
  });
});
