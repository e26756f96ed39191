import {
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  generatePrimeSync,
  verify as nodeVerify,
} from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_ALGORITHMS } from './algorithms.js';
import { bytesFromBigint } from './jwk-field.js';
import type { KeyMaterial } from './key-material.js';
import { rememberParsedKeys } from './key-object-cache.js';
import { signRsaDigest, verifyRsaDigest } from './rsa-signature.js';

function invert(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

/** node's generator rounds to whole bytes, so build a 2049-bit key from primes. */
function rsaKeyOf2049Bits() {
  const e = 65537n;
  for (;;) {
    const p = generatePrimeSync(1025, { bigint: true });
    const q = generatePrimeSync(1024, { bigint: true });
    const n = p * q;
    if (n.toString(2).length !== 2049 || (p - 1n) % e === 0n || (q - 1n) % e === 0n) continue;
    const d = invert(e, ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n));
    const b64 = (v: bigint) => bytesFromBigint(v, Math.ceil(v.toString(16).length / 2)).toString('base64url');
    const jwk = {
      kty: 'RSA',
      n: b64(n),
      e: b64(e),
      d: b64(d),
      p: b64(p),
      q: b64(q),
      dp: b64(d % (p - 1n)),
      dq: b64(d % (q - 1n)),
      qi: b64(invert(q, p)),
    };
    return createPrivateKey({ key: jwk, format: 'jwk' });
  }
}

function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? a : gcd(b, a % b);
}

describe('PSS with a modulus of 8n+1 bits', () => {
  // Key Vault never makes such keys, but RFC 8017 then encodes into k-1 bytes; this is the path that pads
  // the encoded message to k bytes before the raw RSA operation and strips the zero byte when verifying.
  it('signs so that node verifies, and verifies its own signature', () => {
    const privateKey = rsaKeyOf2049Bits();
    const keys = rememberParsedKeys({} as KeyMaterial, privateKey);
    expect(keys.modulusBytes).toBe(257);
    const message = Buffer.from('odd modulus');
    const digest = createHash('sha256').update(message).digest();
    const signature = signRsaDigest(SIGNATURE_ALGORITHMS.PS256, keys, digest);
    const options = {
      key: createPublicKey(privateKey),
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 32,
    };
    expect(nodeVerify('sha256', message, options, signature)).toBe(true);
    expect(verifyRsaDigest(SIGNATURE_ALGORITHMS.PS256, keys, digest, signature)).toBe(true);
  });
});
