import { describe, expect, it } from 'vitest';
import {
  assertChunkLayout,
  chunkAssociatedData,
  chunkCountFor,
  chunkNonce,
  chunkPlaintextLength,
} from './chunk-layout.js';

describe('chunk layout', () => {
  it('builds the nonce from the prefix and the big-endian chunk index', () => {
    const prefix = Buffer.from('0102030405060708', 'hex');
    expect(chunkNonce(prefix, 0x0a0b0c0d).toString('hex')).toBe('01020304050607080a0b0c0d');
  });

  it('binds every chunk to its object, index, chunk size and content length', () => {
    const base = chunkAssociatedData('obj', 1, 1024, 4096);
    const variants = [
      chunkAssociatedData('obj2', 1, 1024, 4096),
      chunkAssociatedData('obj', 2, 1024, 4096),
      chunkAssociatedData('obj', 1, 2048, 4096),
      chunkAssociatedData('obj', 1, 1024, 4095),
    ];
    for (const variant of variants) expect(variant.equals(base)).toBe(false);
  });

  it('counts chunks, with one tag-only chunk for empty content', () => {
    expect(chunkCountFor(0, 10)).toBe(1);
    expect(chunkCountFor(10, 10)).toBe(1);
    expect(chunkCountFor(11, 10)).toBe(2);
  });

  it('gives the last chunk the remainder', () => {
    expect([0, 1, 2].map((i) => chunkPlaintextLength(i, 10, 25))).toEqual([10, 10, 5]);
    expect(chunkPlaintextLength(0, 10, 0)).toBe(0);
  });

  it('refuses layouts that would overflow the 32-bit chunk index in the nonce', () => {
    expect(() => assertChunkLayout(2 ** 32 + 1, 1)).toThrow(RangeError);
    expect(() => assertChunkLayout(2 ** 32, 1)).not.toThrow();
    expect(() => assertChunkLayout(10, 0)).toThrow(RangeError);
    expect(() => assertChunkLayout(-1, 10)).toThrow(RangeError);
  });
});
