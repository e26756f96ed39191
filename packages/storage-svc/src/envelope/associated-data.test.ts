import { describe, expect, it } from 'vitest';
import { encodeAssociatedData } from './associated-data.js';

describe('encodeAssociatedData', () => {
  it('keeps field boundaries, so shifting characters between ids changes the bytes', () => {
    const a = encodeAssociatedData(['label', 'ab', 'c']);
    const b = encodeAssociatedData(['label', 'a', 'bc']);
    expect(a.equals(b)).toBe(false);
  });

  it('tells a number from a string that spells it', () => {
    expect(encodeAssociatedData(['label', 1]).equals(encodeAssociatedData(['label', '1']))).toBe(false);
  });

  it('encodes numbers as 8 big-endian bytes', () => {
    expect(encodeAssociatedData([258]).toString('hex')).toBe('0000000000000102');
  });

  it('refuses numbers that cannot be encoded exactly', () => {
    expect(() => encodeAssociatedData([-1])).toThrow(RangeError);
    expect(() => encodeAssociatedData([1.5])).toThrow(RangeError);
  });
});
