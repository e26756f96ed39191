import {
  constants,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  webcrypto,
} from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyMaterial } from './generate-key-material.js';
import { decrypt, encrypt, unwrapKey, wrapKey } from './key-crypto.js';
import { KeyCryptoError } from './key-crypto-error.js';
import type { KeyMaterial, RsaKeySize } from './key-material.js';
import { DECRYPTION_FAILED_MESSAGE } from './rsa-encryption.js';

const ALGS = ['RSA-OAEP', 'RSA-OAEP-256', 'RSA1_5'] as const;
const OAEP_HASH = { 'RSA-OAEP': 'sha1', 'RSA-OAEP-256': 'sha256' } as const;

function thrown(action: () => unknown): KeyCryptoError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(KeyCryptoError);
    return error as KeyCryptoError;
  }
  throw new Error('expected the action to throw');
}

function keyObjectsOf(material: KeyMaterial) {
  const privateKey = createPrivateKey({ key: material.privateKeyDer, format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

describe.each([2048, 3072, 4096] as const)('RSA-%i', (keySize: RsaKeySize) => {
  const k = keySize / 8;
  let material: KeyMaterial;
  // RSA-4096 generation can take many seconds of one core on a busy CI machine.
  beforeAll(async () => {
    material = await generateKeyMaterial({ kty: 'RSA', keySize });
  }, 120_000);

  it.each(ALGS)('unwraps what it wrapped with %s', (alg) => {
    const key = randomBytes(32);
    const wrapped = wrapKey(alg, material, key);
    expect(wrapped).toHaveLength(k);
    expect(unwrapKey(alg, material, wrapped)).toEqual(key);
  });

  it.each(ALGS)('round-trips the longest allowed plaintext with %s and refuses one byte more', (alg) => {
    const max = alg === 'RSA1_5' ? k - 11 : k - 2 * (alg === 'RSA-OAEP' ? 20 : 32) - 2;
    const longest = randomBytes(max);
    expect(decrypt(alg, material, encrypt(alg, material, longest))).toEqual(longest);
    const error = thrown(() => encrypt(alg, material, randomBytes(max + 1)));
    expect(error.code).toBe('BadParameter');
    expect(error.message).toContain(`at most ${max} bytes`);
  });

  it.each(['RSA-OAEP', 'RSA-OAEP-256'] as const)(
    'interoperates with node for %s in both directions',
    (alg) => {
      const { privateKey, publicKey } = keyObjectsOf(material);
      const padding = constants.RSA_PKCS1_OAEP_PADDING;
      const key = randomBytes(32);
      const byNode = publicEncrypt({ key: publicKey, padding, oaepHash: OAEP_HASH[alg] }, key);
      expect(unwrapKey(alg, material, byNode)).toEqual(key);
      const byUs = wrapKey(alg, material, key);
      expect(privateDecrypt({ key: privateKey, padding, oaepHash: OAEP_HASH[alg] }, byUs)).toEqual(key);
    },
  );

  it('unwraps RSA1_5 ciphertext made by node', () => {
    const key = randomBytes(32);
    const byNode = publicEncrypt(
      { key: keyObjectsOf(material).publicKey, padding: constants.RSA_PKCS1_PADDING },
      key,
    );
    expect(unwrapKey('RSA1_5', material, byNode)).toEqual(key);
  });

  it.each(ALGS)('refuses %s ciphertext of the wrong length, naming the expected length', (alg) => {
    const error = thrown(() => unwrapKey(alg, material, randomBytes(k - 1)));
    expect(error.code).toBe('BadParameter');
    expect(error.message).toContain(`exactly ${k}`);
  });
});

describe('failures', () => {
  let rsa: KeyMaterial;
  let ec: KeyMaterial;
  beforeAll(async () => {
    [rsa, ec] = await Promise.all([generateKeyMaterial({ kty: 'RSA' }), generateKeyMaterial({ kty: 'EC' })]);
  });

  // A raw RSA encryption of a hand-built block, to get exactly the padding defect a test wants.
  function rawEncrypt(block: Buffer): Buffer {
    return publicEncrypt({ key: keyObjectsOf(rsa).publicKey, padding: constants.RSA_NO_PADDING }, block);
  }
  function type2Block(firstBytes: number[], paddingLength: number, message: Buffer): Buffer {
    const block = Buffer.concat([
      Buffer.from(firstBytes),
      Buffer.alloc(paddingLength, 0xaa),
      Buffer.of(0),
      message,
    ]);
    expect(block).toHaveLength(256);
    return block;
  }

  it('decrypts a hand-built RSA1_5 block with the minimum 8 padding bytes', () => {
    const message = Buffer.alloc(256 - 11, 0x42);
    expect(unwrapKey('RSA1_5', rsa, rawEncrypt(type2Block([0, 2], 8, message)))).toEqual(message);
  });

  it('gives the same generic error for every RSA1_5 padding defect', () => {
    const message = Buffer.alloc(32, 0x42);
    const defects = {
      'first byte not 0': type2Block([1, 2], 256 - 35, message),
      'block type 1': type2Block([0, 1], 256 - 35, message),
      'padding of 7 bytes': type2Block([0, 2], 7, Buffer.alloc(256 - 10, 0x42)),
      'no zero separator': Buffer.concat([Buffer.of(0, 2), Buffer.alloc(254, 0xaa)]),
    };
    for (const [defect, block] of Object.entries(defects)) {
      const error = thrown(() => unwrapKey('RSA1_5', rsa, rawEncrypt(block)));
      expect({ defect, code: error.code, message: error.message }).toEqual({
        defect,
        code: 'BadParameter',
        message: DECRYPTION_FAILED_MESSAGE,
      });
    }
  });

  it('gives the generic error for a tampered ciphertext with every algorithm', () => {
    const { privateKey } = keyObjectsOf(rsa);
    for (const alg of ALGS) {
      const wrapped = wrapKey(alg, rsa, randomBytes(32));
      // A random block has valid PKCS#1 v1.5 padding about once in 10^5; skip such flips so the test is exact.
      for (let bit = 0; ; bit++) {
        const tampered = Buffer.from(wrapped);
        tampered[255 - (bit >> 3)]! ^= 1 << (bit & 7);
        const raw = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, tampered);
        if (alg === 'RSA1_5' && raw[0] === 0 && raw[1] === 2) continue;
        expect(thrown(() => unwrapKey(alg, rsa, tampered)).message).toBe(DECRYPTION_FAILED_MESSAGE);
        break;
      }
    }
  });

  it('gives the generic error for a ciphertext not below the modulus', () => {
    for (const alg of ALGS) {
      expect(thrown(() => unwrapKey(alg, rsa, Buffer.alloc(256, 0xff))).message).toBe(
        DECRYPTION_FAILED_MESSAGE,
      );
    }
  });

  it('refuses RSA algorithms on an EC key and unknown algorithms, naming alg and kty', () => {
    expect(thrown(() => wrapKey('RSA-OAEP-256', ec, randomBytes(32))).message).toBe(
      "Algorithm 'RSA-OAEP-256' is not supported for key type 'EC' on curve 'P-256'.",
    );
    for (const alg of ['A256KW', 'toString', 'rsa-oaep']) {
      const error = thrown(() => unwrapKey(alg, rsa, randomBytes(256)));
      expect(error.code).toBe('BadParameter');
      expect(error.message).toBe(`Algorithm '${alg}' is not supported for key type 'RSA'.`);
    }
  });

  it('unwraps RSA-OAEP-256 made by WebCrypto, whose spec fixes MGF1 to the OAEP hash', async () => {
    const spki = createPublicKey(
      createPrivateKey({ key: rsa.privateKeyDer, format: 'der', type: 'pkcs8' }),
    ).export({
      format: 'der',
      type: 'spki',
    });
    const publicKey = await webcrypto.subtle.importKey(
      'spki',
      spki,
      { name: 'RSA-OAEP', hash: 'SHA-256' },
      false,
      ['encrypt'],
    );
    const key = randomBytes(32);
    const wrapped = Buffer.from(await webcrypto.subtle.encrypt({ name: 'RSA-OAEP' }, publicKey, key));
    expect(unwrapKey('RSA-OAEP-256', rsa, wrapped)).toEqual(key);
  });
});
