import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SealedKeyError } from './sealed-key-error.js';

/** A private key encrypted at rest; every field is standard base64. */
export interface SealedPrivateKey {
  iv: string;
  tag: string;
  ciphertext: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const MASTER_KEY_BYTES = 32;

/**
 * Encrypts a PKCS#8 DER private key with AES-256-GCM under `masterKey`. `aad` (use the key id) binds the
 * ciphertext to its key: a sealed blob copied onto another key id will not open. A fresh random 96-bit IV per
 * seal is safe for far more than 2^32 seals per master key, which a testbed never reaches.
 */
export function sealPrivateKey(
  privateKeyDer: Uint8Array,
  masterKey: Uint8Array,
  aad: string,
): SealedPrivateKey {
  checkMasterKey(masterKey);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(privateKeyDer), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

/**
 * Reverses {@link sealPrivateKey}. Throws {@link SealedKeyError} when the master key, the aad or the stored
 * bytes are not the ones sealed; GCM cannot tell those apart, so the message lists all three.
 */
export function openPrivateKey(
  sealed: SealedPrivateKey,
  masterKey: Uint8Array,
  aad: string,
): Buffer<ArrayBuffer> {
  checkMasterKey(masterKey);
  const iv = Buffer.from(sealed.iv, 'base64');
  const tag = Buffer.from(sealed.tag, 'base64');
  // GCM accepts tags down to 4 bytes; a truncated stored tag would make forgery cheap, so insist on 16.
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new SealedKeyError(
      `Sealed key for '${aad}' is malformed: iv must be ${IV_BYTES} bytes, tag ${TAG_BYTES}.`,
    );
  }
  const decipher = createDecipheriv('aes-256-gcm', masterKey, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
  } catch (cause) {
    throw new SealedKeyError(
      `Sealed key for '${aad}' failed authentication: wrong master key, wrong key id, or the stored data was altered.`,
      { cause },
    );
  }
}

function checkMasterKey(masterKey: Uint8Array): void {
  if (masterKey.length !== MASTER_KEY_BYTES) {
    throw new SealedKeyError(`The master key must be ${MASTER_KEY_BYTES} bytes, not ${masterKey.length}.`);
  }
}
