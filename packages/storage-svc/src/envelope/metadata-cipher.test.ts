import { describe, expect, it } from 'vitest';
import { decryptRange, encryptContent } from './content-cipher.js';
import { newDataKey } from './data-key.js';
import { EnvelopeError, EnvelopeErrorReason } from './envelope-error.js';
import { decryptMetadata, encryptMetadata } from './metadata-cipher.js';

const objectId = 'obj-meta-1';

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof EnvelopeError) return error.reason;
    throw error;
  }
  throw new Error('expected an EnvelopeError, nothing was thrown');
}

describe('encryptMetadata / decryptMetadata', () => {
  it('round-trips a metadata map, including unicode and awkward names', () => {
    const dataKey = newDataKey();
    const metadata = { owner: 'ops', note: 'clé 🔑', empty: '', __proto__x: 'x' };
    const sealed = encryptMetadata(metadata, dataKey, objectId);
    expect(sealed.includes(Buffer.from('ops'))).toBe(false);
    expect(decryptMetadata(sealed, dataKey, objectId)).toEqual(metadata);
  });

  it('keeps a "__proto__" name as plain data', () => {
    const dataKey = newDataKey();
    const metadata = JSON.parse('{"__proto__":"polluted"}') as Record<string, string>;
    const opened = decryptMetadata(encryptMetadata(metadata, dataKey, objectId), dataKey, objectId);
    expect(Object.getOwnPropertyDescriptor(opened, '__proto__')?.value).toBe('polluted');
    expect(Object.getPrototypeOf(opened)).toBe(Object.prototype);
  });

  it('round-trips an empty map', () => {
    const dataKey = newDataKey();
    expect(decryptMetadata(encryptMetadata({}, dataKey, objectId), dataKey, objectId)).toEqual({});
  });

  it('seals the same map differently each time', () => {
    const dataKey = newDataKey();
    const a = encryptMetadata({ a: '1' }, dataKey, objectId);
    expect(a.equals(encryptMetadata({ a: '1' }, dataKey, objectId))).toBe(false);
  });

  it('refuses a wrong data key, another object id, or a flipped bit', () => {
    const dataKey = newDataKey();
    const sealed = encryptMetadata({ a: '1' }, dataKey, objectId);
    expect(reasonOf(() => decryptMetadata(sealed, newDataKey(), objectId))).toBe(
      EnvelopeErrorReason.authenticationFailed,
    );
    expect(reasonOf(() => decryptMetadata(sealed, dataKey, 'obj-meta-2'))).toBe(
      EnvelopeErrorReason.authenticationFailed,
    );
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 0x20;
    expect(reasonOf(() => decryptMetadata(tampered, dataKey, objectId))).toBe(
      EnvelopeErrorReason.authenticationFailed,
    );
  });

  it('cannot be confused with a content chunk under the same data key and object id', async () => {
    const dataKey = newDataKey();
    const content = Buffer.from('{"a":"1"}');
    const encrypted = encryptContent({ content, dataKey, objectId });
    // Rebuild the chunk as a sealed box: version | nonce | tag | ciphertext, with the chunk's real nonce.
    const chunk = encrypted.chunks[0]!;
    const nonce = Buffer.concat([encrypted.noncePrefix, Buffer.alloc(4)]);
    const asBox = Buffer.concat([Buffer.of(1), nonce, chunk.subarray(-16), chunk.subarray(0, -16)]);
    expect(reasonOf(() => decryptMetadata(asBox, dataKey, objectId))).toBe(
      EnvelopeErrorReason.authenticationFailed,
    );
    // And the other way round: a metadata box passed off as a one-chunk object.
    const sealed = encryptMetadata({ a: '1' }, dataKey, objectId);
    const asChunk = Buffer.concat([sealed.subarray(29), sealed.subarray(13, 29)]);
    const read = decryptRange({
      chunks: [asChunk],
      noncePrefix: sealed.subarray(1, 9),
      dataKey,
      objectId,
      plaintextLength: sealed.length - 29,
      chunkSize: 512 * 1024,
    });
    await expect(read).rejects.toMatchObject({ reason: EnvelopeErrorReason.authenticationFailed });
  });
});
