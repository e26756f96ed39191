import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openPrivateKey, type SealedPrivateKey, sealPrivateKey } from './seal-private-key.js';
import { SealedKeyError } from './sealed-key-error.js';

const masterKey = randomBytes(32);
const der = randomBytes(1200);
const kid = 'https://vault1.vault.azure.net/keys/cmk/0123456789abcdef';

function openingError(sealed: SealedPrivateKey, key = masterKey, aad = kid): SealedKeyError {
  try {
    openPrivateKey(sealed, key, aad);
  } catch (error) {
    expect(error).toBeInstanceOf(SealedKeyError);
    return error as SealedKeyError;
  }
  throw new Error('expected opening to fail');
}

/** Flips one bit in a base64 field. */
function flip(value: string): string {
  const bytes = Buffer.from(value, 'base64');
  bytes[0]! ^= 1;
  return bytes.toString('base64');
}

describe('sealPrivateKey / openPrivateKey', () => {
  it('opens what it sealed, with a fresh IV each time', () => {
    const first = sealPrivateKey(der, masterKey, kid);
    const second = sealPrivateKey(der, masterKey, kid);
    expect(openPrivateKey(first, masterKey, kid)).toEqual(der);
    expect(first.iv).not.toBe(second.iv);
    expect(first.ciphertext).not.toBe(second.ciphertext);
    expect(Buffer.from(first.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(first.tag, 'base64')).toHaveLength(16);
  });

  it('refuses the wrong master key, the wrong key id and altered data with one clear error', () => {
    const sealed = sealPrivateKey(der, masterKey, kid);
    const failures = [
      openingError(sealed, randomBytes(32)),
      openingError(sealed, masterKey, `${kid}x`),
      openingError({ ...sealed, ciphertext: flip(sealed.ciphertext) }),
      openingError({ ...sealed, tag: flip(sealed.tag) }),
      openingError({ ...sealed, iv: flip(sealed.iv) }),
    ];
    for (const error of failures) expect(error.message).toContain('failed authentication');
  });

  it('refuses a truncated tag instead of checking fewer bytes', () => {
    const sealed = sealPrivateKey(der, masterKey, kid);
    const tag = Buffer.from(sealed.tag, 'base64').subarray(0, 12).toString('base64');
    expect(openingError({ ...sealed, tag }).message).toContain('malformed');
  });

  it('refuses a master key that is not 32 bytes', () => {
    expect(() => sealPrivateKey(der, randomBytes(16), kid)).toThrow(SealedKeyError);
  });
});
