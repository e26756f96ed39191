import { constants, privateDecrypt, publicEncrypt } from 'node:crypto';
import { ENCRYPTION_ALGORITHMS, type EncryptionAlgorithm } from './algorithms.js';
import { findPkcs1Type2Message } from './find-pkcs1-type2-message.js';
import { KeyCryptoError } from './key-crypto-error.js';
import type { ParsedKeys } from './key-object-cache.js';

/**
 * The one message for every decryption failure. Key Vault answers a bad unwrap with a bare 400 BadParameter;
 * one fixed message also keeps the service from becoming a padding oracle.
 */
export const DECRYPTION_FAILED_MESSAGE = 'The parameter is incorrect.';

/** Largest plaintext `alg` can encrypt under a key of `k` modulus bytes (RFC 8017 §7.1.1, §7.2.1). */
export function maxPlaintextBytes(alg: EncryptionAlgorithm, k: number): number {
  const spec = ENCRYPTION_ALGORITHMS[alg];
  return spec.padding === 'oaep' ? k - 2 * spec.hashBytes - 2 : k - 11;
}

/** RSA encryption with the public key. Throws BadParameter when `plaintext` is over the size limit. */
export function rsaEncrypt(
  alg: EncryptionAlgorithm,
  keys: ParsedKeys,
  plaintext: Uint8Array,
): Buffer<ArrayBuffer> {
  const max = maxPlaintextBytes(alg, keys.modulusBytes);
  if (plaintext.length > max) {
    throw new KeyCryptoError(
      'BadParameter',
      `The plaintext is ${plaintext.length} bytes; ${alg} with a ${keys.modulusBits}-bit key takes at most ${max} bytes.`,
    );
  }
  const spec = ENCRYPTION_ALGORITHMS[alg];
  if (spec.padding === 'oaep') {
    // node uses oaepHash for MGF1 too, which is what RSA-OAEP-256 (MGF1-SHA256) needs.
    return publicEncrypt(
      { key: keys.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: spec.hash },
      plaintext,
    );
  }
  return publicEncrypt({ key: keys.publicKey, padding: constants.RSA_PKCS1_PADDING }, plaintext);
}

/**
 * RSA decryption with the private key. Wrong-length ciphertext names the expected length (public knowledge);
 * every other failure is {@link DECRYPTION_FAILED_MESSAGE}.
 */
export function rsaDecrypt(
  alg: EncryptionAlgorithm,
  keys: ParsedKeys,
  ciphertext: Uint8Array,
): Buffer<ArrayBuffer> {
  const k = keys.modulusBytes;
  if (ciphertext.length !== k) {
    throw new KeyCryptoError(
      'BadParameter',
      `${DECRYPTION_FAILED_MESSAGE} The ciphertext is ${ciphertext.length} bytes; a ${keys.modulusBits}-bit key needs exactly ${k}.`,
    );
  }
  const spec = ENCRYPTION_ALGORITHMS[alg];
  let plaintext: Buffer<ArrayBuffer> | undefined;
  try {
    if (spec.padding === 'oaep') {
      plaintext = privateDecrypt(
        { key: keys.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: spec.hash },
        ciphertext,
      );
    } else {
      // Node 20 refuses RSA_PKCS1_PADDING in privateDecrypt (CVE-2023-46809) unless a security revert flag is
      // set; a raw RSA operation plus our own unpadding keeps RSA1_5 without weakening the whole process.
      const em = privateDecrypt({ key: keys.privateKey, padding: constants.RSA_NO_PADDING }, ciphertext);
      const start = findPkcs1Type2Message(em, k);
      plaintext = start === undefined ? undefined : em.subarray(start);
    }
  } catch {
    // No `cause`: OpenSSL's reason (e.g. "oaep decoding error") would be the oracle the fixed message avoids.
    throw new KeyCryptoError('BadParameter', DECRYPTION_FAILED_MESSAGE);
  }
  if (plaintext === undefined) throw new KeyCryptoError('BadParameter', DECRYPTION_FAILED_MESSAGE);
  return plaintext;
}
