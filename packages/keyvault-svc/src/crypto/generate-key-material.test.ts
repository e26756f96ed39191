import { createPrivateKey, createPublicKey } from 'node:crypto';
import { generateKeyPairFor, type KeyPairSpec } from '@cmk-testbed/shared';
import { describe, expect, it } from 'vitest';
import { CURVES, type CurveName } from './curves.js';
import { type GenerateKeyOptions, generateKeyMaterial } from './generate-key-material.js';
import { KeyMaterialError } from './key-material-error.js';

async function rejection(options: GenerateKeyOptions): Promise<KeyMaterialError> {
  const error = await generateKeyMaterial(options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KeyMaterialError);
  return error as KeyMaterialError;
}

describe('generateKeyMaterial', () => {
  it('makes a 2048-bit RSA key with e = 65537 by default, public JWK matching the private DER', async () => {
    const material = await generateKeyMaterial({ kty: 'RSA' });
    expect(material.kty).toBe('RSA');
    expect(material.keySize).toBe(2048);
    const publicJwk = createPublicKey(
      createPrivateKey({ key: material.privateKeyDer, format: 'der', type: 'pkcs8' }),
    ).export({ format: 'jwk' });
    expect(material.publicJwk).toEqual({ kty: 'RSA', n: publicJwk.n, e: 'AQAB' });
    expect(Buffer.from(publicJwk.n!, 'base64url')).toHaveLength(256);
  });

  it('keeps the -HSM label and honours key size and public exponent', async () => {
    const material = await generateKeyMaterial({ kty: 'RSA-HSM', keySize: 3072, publicExponent: 3 });
    expect(material).toMatchObject({ kty: 'RSA-HSM', keySize: 3072, publicJwk: { kty: 'RSA', e: 'Aw' } });
  });

  it.each(Object.keys(CURVES) as CurveName[])(
    'makes an EC key on %s with Key Vault curve naming',
    async (curve) => {
      const material = await generateKeyMaterial({ kty: 'EC-HSM', curve });
      expect(material.kty).toBe('EC-HSM');
      expect(material.curve).toBe(curve);
      if (material.publicJwk.kty !== 'EC') throw new Error('expected an EC JWK');
      expect(material.publicJwk.crv).toBe(curve);
      expect(Buffer.from(material.publicJwk.x, 'base64url')).toHaveLength(CURVES[curve].fieldBytes);
      expect(Buffer.from(material.publicJwk.y, 'base64url')).toHaveLength(CURVES[curve].fieldBytes);
      const key = createPrivateKey({ key: material.privateKeyDer, format: 'der', type: 'pkcs8' });
      expect(key.asymmetricKeyDetails?.namedCurve).toBe(CURVES[curve].nodeName);
    },
  );

  it('defaults EC keys to P-256', async () => {
    expect((await generateKeyMaterial({ kty: 'EC' })).curve).toBe('P-256');
  });

  it.each([
    [{ kty: 'oct' }, 'kty'],
    [{ kty: 'RSA', keySize: 1024 }, 'keySize'],
    [{ kty: 'RSA', curve: 'P-256' }, 'curve'],
    [{ kty: 'RSA', publicExponent: 65536 }, 'publicExponent'],
    [{ kty: 'EC', curve: 'P-192' }, 'curve'],
    [{ kty: 'EC', keySize: 2048 }, 'keySize'],
  ])('rejects %j naming %s', async (options, field) => {
    expect((await rejection(options as GenerateKeyOptions)).field).toBe(field);
  });

  it('takes its pair from the given source (the service pool), asking for the spec the options imply', async () => {
    const asked: KeyPairSpec[] = [];
    const source = {
      take: (spec: KeyPairSpec) => {
        asked.push(spec);
        return generateKeyPairFor(spec);
      },
    };
    await generateKeyMaterial({ kty: 'RSA-HSM' }, source);
    await generateKeyMaterial({ kty: 'EC', curve: 'P-384' }, source);
    await generateKeyMaterial({ kty: 'RSA', keySize: 1024 as 2048 }, source).catch(() => {});
    expect(asked).toEqual([
      { kind: 'rsa', modulusLength: 2048, publicExponent: 65537 },
      { kind: 'ec', namedCurve: 'secp384r1' },
    ]);
  });
});
