import {
  ENCRYPTION_ALGORITHMS,
  type EncryptionAlgorithm,
  SIGNATURE_ALGORITHMS,
  type SignatureAlgorithmSpec,
} from './algorithms.js';
import { signEcdsaDigest, verifyEcdsaDigest } from './ecdsa-prehashed.js';
import { KeyCryptoError } from './key-crypto-error.js';
import { isRsaKeyType, type KeyMaterial } from './key-material.js';
import { parsedKeysOf } from './key-object-cache.js';
import { rsaDecrypt, rsaEncrypt } from './rsa-encryption.js';
import { signRsaDigest, verifyRsaDigest } from './rsa-signature.js';

/**
 * Key Vault `encrypt`: RSA-OAEP, RSA-OAEP-256 or RSA1_5 with the public key. Throws {@link KeyCryptoError}
 * `BadParameter` for an algorithm the key cannot do or a plaintext over the algorithm's limit.
 */
export function encrypt(alg: string, material: KeyMaterial, plaintext: Uint8Array): Buffer<ArrayBuffer> {
  return rsaEncrypt(encryptionAlgorithmFor(alg, material), parsedKeysOf(material), plaintext);
}

/** Key Vault `decrypt` with the private key; every padding or integrity failure is one generic BadParameter. */
export function decrypt(alg: string, material: KeyMaterial, ciphertext: Uint8Array): Buffer<ArrayBuffer> {
  return rsaDecrypt(encryptionAlgorithmFor(alg, material), parsedKeysOf(material), ciphertext);
}

/** Key Vault `wrapKey`: for RSA keys the same operation as {@link encrypt}. */
export function wrapKey(alg: string, material: KeyMaterial, key: Uint8Array): Buffer<ArrayBuffer> {
  return encrypt(alg, material, key);
}

/** Key Vault `unwrapKey`: for RSA keys the same operation as {@link decrypt}; the CMK hot path. */
export function unwrapKey(alg: string, material: KeyMaterial, wrappedKey: Uint8Array): Buffer<ArrayBuffer> {
  return decrypt(alg, material, wrappedKey);
}

/**
 * Key Vault `sign`: signs a precomputed `digest` (RS*, PS*, ES*; ES* are tied to their curve). RSA signatures return
 * k bytes, ES* return r || s. Throws BadParameter for a wrong algorithm or a digest of the wrong length.
 */
export function sign(alg: string, material: KeyMaterial, digest: Uint8Array): Buffer<ArrayBuffer> {
  const spec = signatureAlgorithmFor(alg, material, digest);
  const keys = parsedKeysOf(material);
  if (spec.scheme === 'ecdsa') return signEcdsaDigest(spec.curve, keys.privateKey, digest);
  return signRsaDigest(spec, keys, digest);
}

/**
 * Key Vault `verify`: true when `signature` is a valid signature of `digest`. A malformed signature is just
 * `false`; a wrong algorithm or digest length throws BadParameter, as for {@link sign}.
 */
export function verify(
  alg: string,
  material: KeyMaterial,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  const spec = signatureAlgorithmFor(alg, material, digest);
  const keys = parsedKeysOf(material);
  if (spec.scheme === 'ecdsa') return verifyEcdsaDigest(spec.curve, keys.privateKey, digest, signature);
  return verifyRsaDigest(spec, keys, digest, signature);
}

function encryptionAlgorithmFor(alg: string, material: KeyMaterial): EncryptionAlgorithm {
  if (!Object.hasOwn(ENCRYPTION_ALGORITHMS, alg) || !isRsaKeyType(material.kty)) {
    throw unsupportedAlgorithm(alg, material);
  }
  return alg as EncryptionAlgorithm;
}

function signatureAlgorithmFor(
  alg: string,
  material: KeyMaterial,
  digest: Uint8Array,
): SignatureAlgorithmSpec {
  if (!Object.hasOwn(SIGNATURE_ALGORITHMS, alg)) throw unsupportedAlgorithm(alg, material);
  const spec = SIGNATURE_ALGORITHMS[alg as keyof typeof SIGNATURE_ALGORITHMS];
  const keyIsRsa = isRsaKeyType(material.kty);
  if (spec.scheme === 'ecdsa' ? keyIsRsa || spec.curve !== material.curve : !keyIsRsa) {
    throw unsupportedAlgorithm(alg, material);
  }
  if (digest.length !== spec.digestBytes) {
    throw new KeyCryptoError(
      'BadParameter',
      `The digest is ${digest.length} bytes; ${alg} takes a ${spec.digestBytes}-byte ${spec.hash.toUpperCase()} digest.`,
    );
  }
  return spec;
}

function unsupportedAlgorithm(alg: string, material: KeyMaterial): KeyCryptoError {
  const curve = material.curve === undefined ? '' : ` on curve '${material.curve}'`;
  return new KeyCryptoError(
    'BadParameter',
    `Algorithm '${alg}' is not supported for key type '${material.kty}'${curve}.`,
  );
}
