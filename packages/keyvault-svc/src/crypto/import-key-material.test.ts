import {
  constants,
  createHash,
  generateKeyPairSync,
  type JsonWebKey,
  verify as nodeVerify,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CURVES, type CurveName } from './curves.js';
import { type ImportJsonWebKey, importKeyMaterial } from './import-key-material.js';
import { sign, unwrapKey, wrapKey } from './key-crypto.js';
import { KeyMaterialError } from './key-material-error.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaJwk = rsa.privateKey.export({ format: 'jwk' }) as ImportJsonWebKey;
const otherRsaJwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

function rejectedField(jwk: ImportJsonWebKey | JsonWebKey): string {
  try {
    importKeyMaterial(jwk as ImportJsonWebKey);
  } catch (error) {
    expect(error).toBeInstanceOf(KeyMaterialError);
    return (error as KeyMaterialError).field;
  }
  throw new Error('expected the import to fail');
}

describe('importKeyMaterial, RSA', () => {
  it('imports a JWK exported by node: wraps and unwraps with it, and opens what the original key sealed', () => {
    const material = importKeyMaterial(rsaJwk);
    expect(material).toMatchObject({
      kty: 'RSA',
      keySize: 2048,
      publicJwk: { kty: 'RSA', n: rsaJwk.n, e: rsaJwk.e },
    });
    const key = randomBytes(32);
    expect(unwrapKey('RSA-OAEP-256', material, wrapKey('RSA-OAEP-256', material, key))).toEqual(key);
    const byOriginal = publicEncrypt(
      { key: rsa.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      key,
    );
    expect(unwrapKey('RSA-OAEP-256', material, byOriginal)).toEqual(key);
  });

  it('labels the key RSA-HSM when asked for an HSM key or sent kty RSA-HSM', () => {
    expect(importKeyMaterial(rsaJwk, { hsm: true }).kty).toBe('RSA-HSM');
    expect(importKeyMaterial({ ...rsaJwk, kty: 'RSA-HSM' }).kty).toBe('RSA-HSM');
  });

  it.each(['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const)('names a missing %s', (field) => {
    expect(rejectedField({ ...rsaJwk, [field]: undefined })).toBe(field);
  });

  it.each([
    ['n', { n: 'not base64url!' }],
    ['d', { d: 42 }],
    ['n', { q: otherRsaJwk.q }],
    ['d', { d: otherRsaJwk.d }],
    ['dp', { dp: otherRsaJwk.dp }],
    ['dq', { dq: otherRsaJwk.dq }],
    ['qi', { qi: otherRsaJwk.qi }],
    ['e', { e: 'Ag' }],
    ['kty', { kty: 'oct' }],
    ['key_hsm', { key_hsm: 'Zm9v' }],
  ])('names %s when given %j', (field, change) => {
    expect(rejectedField({ ...rsaJwk, ...change } as ImportJsonWebKey)).toBe(field);
  });

  it('names n for a key size Key Vault does not take', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'jwk' });
    expect(rejectedField(small)).toBe('n');
  });
});

describe('importKeyMaterial, EC', () => {
  const ALG: Record<CurveName, { alg: string; hash: string }> = {
    'P-256': { alg: 'ES256', hash: 'sha256' },
    'P-384': { alg: 'ES384', hash: 'sha384' },
    'P-521': { alg: 'ES512', hash: 'sha512' },
    'P-256K': { alg: 'ES256K', hash: 'sha256' },
  };

  it.each(Object.keys(CURVES) as CurveName[])(
    'imports a %s key whose signatures the original verifies',
    (curve) => {
      const pair = generateKeyPairSync('ec', { namedCurve: CURVES[curve].nodeName });
      const jwk = { ...pair.privateKey.export({ format: 'jwk' }), crv: curve };
      const material = importKeyMaterial(jwk, { hsm: true });
      expect(material).toMatchObject({
        kty: 'EC-HSM',
        curve,
        publicJwk: { kty: 'EC', crv: curve, x: jwk.x, y: jwk.y },
      });
      const message = Buffer.from('imported');
      const { alg, hash } = ALG[curve];
      const signature = sign(alg, material, createHash(hash).update(message).digest());
      expect(nodeVerify(hash, message, { key: pair.publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(
        true,
      );
    },
  );

  it('names the field at fault', () => {
    const jwk = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'jwk' });
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({
      format: 'jwk',
    });
    expect(rejectedField({ ...jwk, crv: 'P-192' })).toBe('crv');
    expect(rejectedField({ ...jwk, crv: 'secp256k1' })).toBe('crv');
    expect(rejectedField({ ...jwk, d: undefined })).toBe('d');
    expect(rejectedField({ ...jwk, x: other.x })).toBe('x');
    expect(rejectedField({ ...jwk, y: other.y })).toBe('y');
    expect(rejectedField({ ...jwk, x: Buffer.alloc(31, 1).toString('base64url') })).toBe('x');
    expect(rejectedField({ ...jwk, d: Buffer.alloc(32, 0xff).toString('base64url') })).toBe('d');
  });
});
