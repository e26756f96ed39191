import { EnvelopeError, EnvelopeErrorReason, type EnvelopeSubject } from './envelope-error.js';

/** Bytes in an AES-256 key. */
export const aes256KeyBytes = 32;

/**
 * Refuses anything but a 32-byte key up front: node would otherwise throw a generic "Invalid key length"
 * that does not say which of the three keys in an envelope was wrong.
 */
export function requireAes256Key(key: Buffer, role: string, subject: EnvelopeSubject): void {
  if (key.length !== aes256KeyBytes) {
    throw new EnvelopeError(
      EnvelopeErrorReason.invalidKey,
      subject,
      `${role} must be ${aes256KeyBytes} bytes, got ${key.length}`,
    );
  }
}
