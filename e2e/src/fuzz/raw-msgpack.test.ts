import { decodeBody, encodeBody } from '@cmk-testbed/shared';
import { describe, expect, it } from 'vitest';
import { deeplyNested, encodeWithSplice, malformedMsgpack } from './raw-msgpack.js';

function depthOf(value: unknown): number {
  let depth = 0;
  for (let v = value; typeof v === 'object' && v !== null; depth++) {
    v = Array.isArray(v) ? v[0] : (v as Record<string, unknown>).a;
  }
  return depth;
}

describe('hand-made msgpack', () => {
  it.each(['array', 'map'] as const)('nests %s levels as deep as asked, a few bytes each', (kind) => {
    expect(depthOf(decodeBody(deeplyNested(1_000, kind)))).toBe(1_000);
    expect(deeplyNested(100_000, kind).length).toBeLessThan(400_000);
  });

  it('splices raw bytes in place of a marker field value', () => {
    const bytes = encodeWithSplice({ name: 'MARK', size: 1 }, 'MARK', encodeBody([1, 2]));
    expect(decodeBody(bytes)).toEqual({ name: [1, 2], size: 1 });
  });

  it('declares lengths far beyond the bytes sent, which the codec refuses without allocating them', () => {
    const bombs = malformedMsgpack.filter((c) => c.name.includes('claiming'));
    expect(bombs.length).toBeGreaterThanOrEqual(5);
    for (const { name, bytes } of bombs) expect(() => decodeBody(bytes), name).toThrow();
  });
});
