import { createECDH } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CURVES } from './curves.js';
import { bytesFromBigint } from './jwk-field.js';

describe.each(Object.entries(CURVES))('%s', (_name, curve) => {
  const xOf = (k: bigint) => {
    const ecdh = createECDH(curve.nodeName);
    ecdh.setPrivateKey(bytesFromBigint(k, curve.fieldBytes));
    return ecdh
      .getPublicKey()
      .subarray(1, 1 + curve.fieldBytes)
      .toString('hex');
  };

  // A wrong order constant breaks ECDSA silently (signatures that nobody else verifies), so pin it to OpenSSL:
  // (n-1)·G = -G shares G's x coordinate only when n is the group order.
  it('has the group order OpenSSL uses', () => {
    expect(xOf(curve.order - 1n)).toBe(xOf(1n));
    expect(xOf(curve.order - 2n)).not.toBe(xOf(1n));
  });
});
