import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EnvelopeError, EnvelopeErrorReason, type EnvelopeSubject } from './envelope-error.js';

/** The only sealed-box layout so far; the byte leads every box so a later format can sit beside it. */
export const sealedBoxVersion = 1;
/** GCM's standard 96-bit nonce: random per box, so one key can seal ~2^32 boxes safely. */
export const gcmNonceBytes = 12;
/** Full-length GCM tag; shorter tags are refused on open. */
export const gcmTagBytes = 16;
const headerBytes = 1 + gcmNonceBytes + gcmTagBytes;

/**
 * AES-256-GCM into one buffer: `version (1) | nonce (12) | tag (16) | ciphertext`. The version byte is also
 * authenticated, so flipping it cannot make an old box parse as a newer format.
 */
export function sealBox(key: Buffer, plaintext: Buffer, associatedData: Buffer): Buffer {
  const version = Buffer.of(sealedBoxVersion);
  const nonce = randomBytes(gcmNonceBytes);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: gcmTagBytes });
  cipher.setAAD(Buffer.concat([version, associatedData]));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([version, nonce, cipher.getAuthTag(), ciphertext]);
}

/** Opens a {@link sealBox} buffer; throws {@link EnvelopeError} on any mismatch, before releasing plaintext. */
export function openSealedBox(
  key: Buffer,
  sealed: Buffer,
  associatedData: Buffer,
  subject: EnvelopeSubject,
): Buffer {
  if (sealed.length < headerBytes) {
    throw new EnvelopeError(
      EnvelopeErrorReason.malformed,
      subject,
      `sealed form is ${sealed.length} bytes, shorter than its ${headerBytes}-byte header`,
    );
  }
  const version = sealed[0];
  if (version !== sealedBoxVersion) {
    throw new EnvelopeError(
      EnvelopeErrorReason.unsupportedVersion,
      subject,
      `version byte ${version}, expected ${sealedBoxVersion}`,
    );
  }
  const nonce = sealed.subarray(1, 1 + gcmNonceBytes);
  const tag = sealed.subarray(1 + gcmNonceBytes, headerBytes);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: gcmTagBytes });
  decipher.setAAD(Buffer.concat([sealed.subarray(0, 1), associatedData]));
  decipher.setAuthTag(tag);
  const plaintext = decipher.update(sealed.subarray(headerBytes));
  try {
    decipher.final();
  } catch (cause) {
    throw new EnvelopeError(
      EnvelopeErrorReason.authenticationFailed,
      subject,
      'wrong key, wrong binding, or tampered bytes',
      { cause },
    );
  }
  return plaintext;
}
