import { createECDH, createPrivateKey, type KeyObject } from 'node:crypto';
import { CURVES, isCurveName } from './curves.js';
import { bigintFromBytes, decodeJwkField } from './jwk-field.js';
import type { KeyMaterial, KeyType } from './key-material.js';
import { KeyMaterialError } from './key-material-error.js';
import { materialFromPrivateKey } from './material-from-private-key.js';

/** The `key` of Key Vault's import-key request: a JsonWebKey with its private parts, base64url. */
export interface ImportJsonWebKey {
  kty?: string | undefined;
  n?: string | undefined;
  e?: string | undefined;
  d?: string | undefined;
  p?: string | undefined;
  q?: string | undefined;
  dp?: string | undefined;
  dq?: string | undefined;
  qi?: string | undefined;
  crv?: string | undefined;
  x?: string | undefined;
  y?: string | undefined;
  /** BYOK transfer blob: not supported by the testbed. */
  key_hsm?: string | undefined;
}

/** Import options; `hsm` is the request's top-level `Hsm` flag. */
export interface ImportKeyOptions {
  hsm?: boolean;
}

const RSA_KEY_BITS = [2048, 3072, 4096];

/**
 * Validates a Key Vault import JsonWebKey and turns it into {@link KeyMaterial}. Every check names the
 * field at fault in a {@link KeyMaterialError}, including consistency (p·q = n, CRT values, x/y matching d),
 * because OpenSSL would otherwise accept an inconsistent key and fail, or silently misbehave, at first use.
 */
export function importKeyMaterial(jwk: ImportJsonWebKey, options: ImportKeyOptions = {}): KeyMaterial {
  if (jwk.key_hsm !== undefined) {
    throw new KeyMaterialError(
      'key_hsm',
      'BYOK transfer blobs are not supported by the testbed; send private parts',
    );
  }
  const kty = jwk.kty;
  const hsm = options.hsm === true || kty === 'RSA-HSM' || kty === 'EC-HSM';
  if (kty === 'RSA' || kty === 'RSA-HSM') {
    return materialFromPrivateKey(hsm ? 'RSA-HSM' : 'RSA', importRsa(jwk));
  }
  if (kty === 'EC' || kty === 'EC-HSM') {
    return materialFromPrivateKey(hsm ? 'EC-HSM' : 'EC', importEc(jwk));
  }
  const kinds: KeyType[] = ['RSA', 'RSA-HSM', 'EC', 'EC-HSM'];
  throw new KeyMaterialError('kty', `'${String(kty)}' is not one of ${kinds.join(', ')}`);
}

function importRsa(jwk: ImportJsonWebKey): KeyObject {
  const fields = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const;
  const bytes = Object.fromEntries(fields.map((f) => [f, decodeJwkField(jwk, f)])) as Record<
    (typeof fields)[number],
    Buffer
  >;
  const [n, e, d, p, q, dp, dq, qi] = fields.map((f) => bigintFromBytes(bytes[f])) as [
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
  ];
  const bits = n.toString(2).length;
  if (!RSA_KEY_BITS.includes(bits)) {
    throw new KeyMaterialError('n', `modulus is ${bits} bits; Key Vault takes ${RSA_KEY_BITS.join(', ')}`);
  }
  if (e < 3n || e % 2n === 0n) throw new KeyMaterialError('e', 'must be an odd integer of at least 3');
  if (p * q !== n) throw new KeyMaterialError('n', 'is not the product of p and q');
  if ((e * d) % (p - 1n) !== 1n || (e * d) % (q - 1n) !== 1n) {
    throw new KeyMaterialError('d', 'is not the inverse of e modulo lcm(p-1, q-1)');
  }
  if (dp !== d % (p - 1n)) throw new KeyMaterialError('dp', 'is not d mod (p-1)');
  if (dq !== d % (q - 1n)) throw new KeyMaterialError('dq', 'is not d mod (q-1)');
  if ((qi * q) % p !== 1n) throw new KeyMaterialError('qi', 'is not the inverse of q mod p');
  const key = Object.fromEntries(fields.map((f) => [f, bytes[f].toString('base64url')]));
  return createKey({ kty: 'RSA', ...key });
}

function importEc(jwk: ImportJsonWebKey): KeyObject {
  const crv = jwk.crv;
  if (!isCurveName(crv)) {
    throw new KeyMaterialError('crv', `'${String(crv)}' is not one of ${Object.keys(CURVES).join(', ')}`);
  }
  const curve = CURVES[crv];
  const [x, y, d] = (['x', 'y', 'd'] as const).map((field) => {
    const value = decodeJwkField(jwk, field);
    // RFC 7518 §6.2.1.2: coordinates and d are full-length; a shorter value is usually a stripped leading zero.
    if (value.length !== curve.fieldBytes) {
      throw new KeyMaterialError(field, `is ${value.length} bytes; ${crv} needs ${curve.fieldBytes}`);
    }
    return value;
  }) as [Buffer, Buffer, Buffer];
  const scalar = bigintFromBytes(d);
  if (scalar === 0n || scalar >= curve.order)
    throw new KeyMaterialError('d', `is not a valid ${crv} private key`);
  // The public point must be d·G; node would accept a mismatched pair and produce unverifiable signatures.
  const ecdh = createECDH(curve.nodeName);
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey();
  if (!point.subarray(1, 1 + curve.fieldBytes).equals(x)) {
    throw new KeyMaterialError('x', 'does not match the private key d');
  }
  if (!point.subarray(1 + curve.fieldBytes).equals(y))
    throw new KeyMaterialError('y', 'does not match the private key d');
  return createKey({
    kty: 'EC',
    crv: curve.nodeJwkCrv,
    x: x.toString('base64url'),
    y: y.toString('base64url'),
    d: d.toString('base64url'),
  });
}

function createKey(key: Record<string, string>): KeyObject {
  try {
    return createPrivateKey({ key, format: 'jwk' });
  } catch (cause) {
    throw new KeyMaterialError('kty', `the key was rejected by OpenSSL: ${(cause as Error).message}`, {
      cause,
    });
  }
}
