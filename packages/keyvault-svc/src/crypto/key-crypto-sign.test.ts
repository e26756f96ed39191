import {
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  sign as nodeSign,
  verify as nodeVerify,
  randomBytes,
} from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from './algorithms.js';
import { CURVES } from './curves.js';
import { generateKeyMaterial } from './generate-key-material.js';
import { sign, verify } from './key-crypto.js';
import { KeyCryptoError } from './key-crypto-error.js';
import type { KeyMaterial } from './key-material.js';

function thrown(action: () => unknown): KeyCryptoError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(KeyCryptoError);
    return error as KeyCryptoError;
  }
  throw new Error('expected the action to throw');
}

function nodeKeys(material: KeyMaterial): { privateKey: KeyObject; publicKey: KeyObject } {
  const privateKey = createPrivateKey({ key: material.privateKeyDer, format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** node's own options for the same signature scheme, hashing `message` itself. */
function nodeOptions(alg: SignatureAlgorithm, key: KeyObject) {
  const spec = SIGNATURE_ALGORITHMS[alg];
  if (spec.scheme === 'rsa-pss') {
    return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: spec.digestBytes };
  }
  if (spec.scheme === 'ecdsa') return { key, dsaEncoding: 'ieee-p1363' as const };
  return { key };
}

const flipLastBit = (signature: Buffer) => {
  const copy = Buffer.from(signature);
  copy[copy.length - 1]! ^= 1;
  return copy;
};

const RSA_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const;
const EC_ALGS = ['ES256', 'ES384', 'ES512', 'ES256K'] as const;

describe.each([2048, 3072] as const)('RSA-%i signatures', (keySize) => {
  let material: KeyMaterial;
  beforeAll(async () => {
    material = await generateKeyMaterial({ kty: 'RSA', keySize });
  });

  describe.each(RSA_ALGS)('%s', (alg) => {
    const { hash } = SIGNATURE_ALGORITHMS[alg];
    const message = Buffer.from(`message for ${alg}`);
    const digest = createHash(hash).update(message).digest();

    it('signs a digest so that node verifies it over the message', () => {
      const signature = sign(alg, material, digest);
      expect(signature).toHaveLength(keySize / 8);
      expect(nodeVerify(hash, message, nodeOptions(alg, nodeKeys(material).publicKey), signature)).toBe(true);
      expect(verify(alg, material, digest, signature)).toBe(true);
    });

    it("verifies node's signature and rejects a changed signature or digest", () => {
      const signature = nodeSign(hash, message, nodeOptions(alg, nodeKeys(material).privateKey));
      expect(verify(alg, material, digest, signature)).toBe(true);
      expect(verify(alg, material, digest, flipLastBit(signature))).toBe(false);
      expect(verify(alg, material, flipLastBit(digest), signature)).toBe(false);
      expect(verify(alg, material, digest, signature.subarray(1))).toBe(false);
    });

    it('refuses a digest of the wrong length', () => {
      const error = thrown(() => sign(alg, material, randomBytes(20)));
      expect(error.code).toBe('BadParameter');
      expect(error.message).toContain(`takes a ${SIGNATURE_ALGORITHMS[alg].digestBytes}-byte`);
    });
  });

  it('refuses ES* on an RSA key', () => {
    expect(thrown(() => sign('ES256', material, randomBytes(32))).message).toBe(
      "Algorithm 'ES256' is not supported for key type 'RSA'.",
    );
  });
});

describe.each(EC_ALGS)('%s signatures', (alg) => {
  const spec = SIGNATURE_ALGORITHMS[alg];
  const message = Buffer.from(`message for ${alg}`);
  const digest = createHash(spec.hash).update(message).digest();
  let material: KeyMaterial;
  beforeAll(async () => {
    material = await generateKeyMaterial({ kty: 'EC', curve: spec.curve });
  });

  it('signs a digest so that node verifies it over the message', () => {
    for (let i = 0; i < 20; i++) {
      const signature = sign(alg, material, digest);
      expect(signature).toHaveLength(2 * CURVES[spec.curve].fieldBytes);
      expect(nodeVerify(spec.hash, message, nodeOptions(alg, nodeKeys(material).publicKey), signature)).toBe(
        true,
      );
    }
  });

  it("verifies node's signature and rejects a changed signature or digest", () => {
    for (let i = 0; i < 20; i++) {
      const signature = nodeSign(spec.hash, message, nodeOptions(alg, nodeKeys(material).privateKey));
      expect(verify(alg, material, digest, signature)).toBe(true);
      expect(verify(alg, material, digest, flipLastBit(signature))).toBe(false);
      expect(verify(alg, material, flipLastBit(digest), signature)).toBe(false);
    }
  });

  it('rejects signatures with r or s out of range or the wrong length', () => {
    const size = CURVES[spec.curve].fieldBytes;
    const valid = sign(alg, material, digest);
    expect(verify(alg, material, digest, Buffer.concat([Buffer.alloc(size), valid.subarray(size)]))).toBe(
      false,
    );
    expect(
      verify(alg, material, digest, Buffer.concat([valid.subarray(0, size), Buffer.alloc(size, 0xff)])),
    ).toBe(false);
    expect(verify(alg, material, digest, valid.subarray(1))).toBe(false);
  });

  it('refuses RSA algorithms and ES* of another curve', () => {
    const other = alg === 'ES256' ? 'ES384' : 'ES256';
    for (const wrong of ['RS256', 'PS256', other]) {
      const error = thrown(() => sign(wrong, material, randomBytes(32)));
      expect(error.message).toBe(
        `Algorithm '${wrong}' is not supported for key type 'EC' on curve '${spec.curve}'.`,
      );
    }
  });

  it('refuses a digest of the wrong length', () => {
    expect(thrown(() => verify(alg, material, randomBytes(spec.digestBytes + 1), randomBytes(8))).code).toBe(
      'BadParameter',
    );
  });
});
