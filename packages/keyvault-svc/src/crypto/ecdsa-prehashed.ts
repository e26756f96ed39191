import { createECDH, type KeyObject, randomBytes } from 'node:crypto';
import { CURVES, type CurveName } from './curves.js';
import { bigintFromBytes, bytesFromBigint } from './jwk-field.js';

// node:crypto has no "sign this digest" for ECDSA: crypto.sign(null, ..) on an EC key hashes with SHA-256
// anyway, and createSign/WebCrypto always hash. Its only raw scalar multiplication is ECDH
// (setPrivateKey(k) -> k·G, done by OpenSSL), so ECDSA is assembled here from that plus bigint arithmetic
// mod the group order (FIPS 186-5 §6.4). The bigint steps are not constant-time: acceptable in a testbed
// whose keys protect nothing real, not in a production signer.

const scalars = new WeakMap<KeyObject, bigint>();

/** ECDSA signature of `digest` as Key Vault returns it: r || s, each left-padded to the field size. */
export function signEcdsaDigest(
  curveName: CurveName,
  privateKey: KeyObject,
  digest: Uint8Array,
): Buffer<ArrayBuffer> {
  const curve = CURVES[curveName];
  const n = curve.order;
  const e = digestToInteger(digest, n);
  const d = privateScalarOf(privateKey);
  for (;;) {
    const k = randomScalar(n);
    const r = baseMultiplyX(curveName, k) % n;
    if (r === 0n) continue;
    const s = (invertModulo(k, n) * (e + r * d)) % n;
    if (s === 0n) continue;
    return Buffer.concat([bytesFromBigint(r, curve.fieldBytes), bytesFromBigint(s, curve.fieldBytes)]);
  }
}

/**
 * Checks an r || s signature of `digest`. The standard check is x(u1·G + u2·Q) = r; because Q = d·G that point
 * is (u1 + u2·d)·G, one ECDH multiplication. It uses the private scalar, which every KeyMaterial holds, since
 * node:crypto cannot add points.
 */
export function verifyEcdsaDigest(
  curveName: CurveName,
  privateKey: KeyObject,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  const curve = CURVES[curveName];
  const n = curve.order;
  if (signature.length !== 2 * curve.fieldBytes) return false;
  const r = bigintFromBytes(signature.subarray(0, curve.fieldBytes));
  const s = bigintFromBytes(signature.subarray(curve.fieldBytes));
  if (r < 1n || r >= n || s < 1n || s >= n) return false;
  const w = invertModulo(s, n);
  const u1 = (digestToInteger(digest, n) * w) % n;
  const u2 = (r * w) % n;
  const t = (u1 + u2 * privateScalarOf(privateKey)) % n;
  if (t === 0n) return false; // the point at infinity never verifies
  return baseMultiplyX(curveName, t) % n === r;
}

/** The leftmost bits of the digest, as many as the order has (FIPS 186-5 §6.4.1 step 2). */
function digestToInteger(digest: Uint8Array, n: bigint): bigint {
  const excessBits = digest.length * 8 - n.toString(2).length;
  const e = bigintFromBytes(digest);
  return excessBits > 0 ? e >> BigInt(excessBits) : e;
}

/** Uniform k in [1, n-1] by rejection sampling, so no modulo bias leaks bits of k. */
function randomScalar(n: bigint): bigint {
  const bits = n.toString(2).length;
  const bytes = Math.ceil(bits / 8);
  const topMask = 0xff >> (bytes * 8 - bits);
  for (;;) {
    const candidate = randomBytes(bytes);
    candidate[0]! &= topMask;
    const k = bigintFromBytes(candidate);
    if (k >= 1n && k < n) return k;
  }
}

/** x coordinate of k·G, computed by OpenSSL. */
function baseMultiplyX(curveName: CurveName, k: bigint): bigint {
  const curve = CURVES[curveName];
  const ecdh = createECDH(curve.nodeName);
  ecdh.setPrivateKey(bytesFromBigint(k, curve.fieldBytes));
  return bigintFromBytes(ecdh.getPublicKey().subarray(1, 1 + curve.fieldBytes));
}

/** a⁻¹ mod m by the extended Euclidean algorithm; m is prime here, so a ≠ 0 always has one. */
function invertModulo(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

function privateScalarOf(privateKey: KeyObject): bigint {
  let d = scalars.get(privateKey);
  if (d === undefined) {
    d = bigintFromBytes(Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url'));
    scalars.set(privateKey, d);
  }
  return d;
}
