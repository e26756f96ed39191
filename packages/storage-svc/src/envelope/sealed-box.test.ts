import { createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSealedBox, sealBox } from './sealed-box.js';

function openRaw(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13), { authTagLength: 16 });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(13, 29));
  return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]);
}

describe('sealed box', () => {
  it('is version | nonce | tag | ciphertext, with the version byte authenticated as well', () => {
    const key = randomBytes(32);
    const aad = Buffer.from('context');
    const sealed = sealBox(key, Buffer.from('secret'), aad);
    expect(openRaw(key, sealed, Buffer.concat([Buffer.of(1), aad])).toString()).toBe('secret');
    // Without the version byte in the associated data the tag must not verify.
    expect(() => openRaw(key, sealed, aad)).toThrow();
  });

  it('refuses a tag shorter than 16 bytes rather than accepting a truncated one', () => {
    const key = randomBytes(32);
    const sealed = sealBox(key, Buffer.alloc(0), Buffer.alloc(0));
    expect(() => openSealedBox(key, sealed.subarray(0, 25), Buffer.alloc(0), 'metadata')).toThrow(
      /malformed/,
    );
  });
});
