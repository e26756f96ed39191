import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptRange, type EncryptedContent, encryptContent } from './content-cipher.js';
import { newDataKey } from './data-key.js';
import { EnvelopeError, EnvelopeErrorReason } from './envelope-error.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const objectId = 'obj-content-1';

function encrypt(content: Buffer, chunkSize?: number) {
  const dataKey = newDataKey();
  const encrypted = encryptContent({ content, dataKey, objectId, chunkSize });
  const read = (range: { start?: number; end?: number } = {}, overrides: Partial<EncryptedContent> = {}) =>
    decryptRange({ ...encrypted, ...overrides, dataKey, objectId, ...range });
  return { dataKey, encrypted, read };
}

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof EnvelopeError) return error.reason;
  throw new Error(`expected an EnvelopeError, got ${String(error)}`);
}

describe('encryptContent / decryptRange round trips', () => {
  it('stores empty content as one tag-only chunk and reads it back empty', async () => {
    const { encrypted, read } = encrypt(Buffer.alloc(0));
    expect(encrypted.chunks.map((c) => c.length)).toEqual([16]);
    expect(encrypted.plaintextLength).toBe(0);
    expect(await read()).toEqual(Buffer.alloc(0));
  });

  it('round-trips a tiny object', async () => {
    const content = Buffer.from('hello, blob');
    const { encrypted, read } = encrypt(content);
    expect(encrypted.chunks).toHaveLength(1);
    expect(encrypted.chunks[0]!.includes(content)).toBe(false);
    expect((await read()).equals(content)).toBe(true);
  });

  it('fits content of exactly one chunk size into one chunk', async () => {
    const content = randomBytes(512 * KiB);
    const { encrypted, read } = encrypt(content);
    expect(encrypted.chunkSize).toBe(512 * KiB);
    expect(encrypted.chunks.map((c) => c.length)).toEqual([512 * KiB + 16]);
    expect((await read()).equals(content)).toBe(true);
  });

  it('starts a second chunk one byte past the chunk size', async () => {
    const content = randomBytes(512 * KiB + 1);
    const { encrypted, read } = encrypt(content);
    expect(encrypted.chunks.map((c) => c.length)).toEqual([512 * KiB + 16, 17]);
    expect((await read()).equals(content)).toBe(true);
  });

  it('splits 3.5 MiB into seven 512 KiB chunks, each under a NATS 1 MiB payload', async () => {
    const content = randomBytes(3.5 * MiB);
    const { encrypted, read } = encrypt(content);
    expect(encrypted.chunks).toHaveLength(7);
    expect(encrypted.chunks.every((c) => c.length === 512 * KiB + 16)).toBe(true);
    expect((await read()).equals(content)).toBe(true);
  });

  it('uses a different nonce for every chunk: identical plaintext chunks encrypt differently', () => {
    const { encrypted } = encrypt(Buffer.alloc(4 * KiB), KiB);
    const bodies = encrypted.chunks.map((c) => c.subarray(0, -16).toString('hex'));
    expect(new Set(bodies).size).toBe(4);
  });

  it('gives different ciphertext for the same content and key each time', () => {
    const content = randomBytes(1000);
    const dataKey = newDataKey();
    const a = encryptContent({ content, dataKey, objectId });
    const b = encryptContent({ content, dataKey, objectId });
    expect(a.noncePrefix.equals(b.noncePrefix)).toBe(false);
    expect(a.chunks[0]!.equals(b.chunks[0]!)).toBe(false);
  });
});

describe('decryptRange byte ranges', () => {
  const content = randomBytes(3.5 * MiB);
  const chunkSize = 512 * KiB;
  const { encrypted, dataKey } = encrypt(content, chunkSize);

  async function readRecording(start?: number, end?: number) {
    const fetched: number[] = [];
    const bytes = await decryptRange({
      ...encrypted,
      dataKey,
      objectId,
      start,
      end,
      chunks: async (index) => {
        fetched.push(index);
        return encrypted.chunks[index]!;
      },
    });
    return { bytes, fetched };
  }

  it.each([
    ['the first byte', 0, 0, [0]],
    ['the last byte', content.length - 1, content.length - 1, [6]],
    ['the last byte of a chunk', chunkSize - 1, chunkSize - 1, [0]],
    ['the first byte of a chunk', chunkSize, chunkSize, [1]],
    ['two bytes across a boundary', chunkSize - 1, chunkSize, [0, 1]],
    ['a span across three chunks', chunkSize - 10, 2 * chunkSize + 10, [0, 1, 2]],
    ['exactly one whole middle chunk', 3 * chunkSize, 4 * chunkSize - 1, [3]],
    ['everything, explicitly', 0, content.length - 1, [0, 1, 2, 3, 4, 5, 6]],
  ])('reads %s and fetches only the chunks covering it', async (_, start, end, chunks) => {
    const { bytes, fetched } = await readRecording(start, end);
    expect(bytes.equals(content.subarray(start, end + 1))).toBe(true);
    expect(fetched).toEqual(chunks);
  });

  it('reads from an offset to the end when only start is given', async () => {
    const { bytes, fetched } = await readRecording(3 * MiB + 5);
    expect(bytes.equals(content.subarray(3 * MiB + 5))).toBe(true);
    expect(fetched).toEqual([6]);
  });

  it('matches the plaintext for every range of a small object with odd-sized chunks', async () => {
    const small = randomBytes(50);
    const { read } = encrypt(small, 7);
    for (let start = 0; start < small.length; start++) {
      for (let end = start; end < small.length; end++) {
        const bytes = await read({ start, end });
        expect(bytes.equals(small.subarray(start, end + 1)), `${start}-${end}`).toBe(true);
      }
    }
  });

  it.each([
    ['start past end', 10, 9],
    ['end past the content', 0, 3.5 * MiB],
    ['a negative start', -1, 5],
    ['a fractional offset', 0.5, 5],
  ])('refuses %s as a caller bug', async (_, start, end) => {
    await expect(decryptRange({ ...encrypted, dataKey, objectId, start, end })).rejects.toThrow(RangeError);
  });

  it('refuses any explicit range on empty content', async () => {
    const { read } = encrypt(Buffer.alloc(0));
    await expect(read({ start: 0, end: 0 })).rejects.toThrow(RangeError);
  });
});

describe('decryptRange tamper detection', () => {
  const content = randomBytes(2 * KiB + 100);
  const chunkSize = KiB;

  it('detects a flipped bit in a chunk', async () => {
    const { encrypted, read } = encrypt(content, chunkSize);
    const chunks = encrypted.chunks.map((c) => Buffer.from(c));
    chunks[1]![300]! ^= 0x04;
    expect(await reasonOf(read({}, { chunks }))).toBe(EnvelopeErrorReason.authenticationFailed);
    // A range that avoids the damaged chunk still reads: random access does not need the whole object.
    expect((await read({ start: 0, end: 99 }, { chunks })).equals(content.subarray(0, 100))).toBe(true);
  });

  it('detects a flipped bit in a tag', async () => {
    const { encrypted, read } = encrypt(content, chunkSize);
    const chunks = encrypted.chunks.map((c) => Buffer.from(c));
    chunks[0]![chunks[0]!.length - 1]! ^= 0x01;
    expect(await reasonOf(read({ start: 0, end: 0 }, { chunks }))).toBe(
      EnvelopeErrorReason.authenticationFailed,
    );
  });

  it('detects two swapped chunks', async () => {
    const { encrypted, read } = encrypt(content, chunkSize);
    const [a, b, c] = encrypted.chunks;
    expect(await reasonOf(read({}, { chunks: [b!, a!, c!] }))).toBe(EnvelopeErrorReason.authenticationFailed);
  });

  it('detects a chunk taken from another object under the same data key', async () => {
    const dataKey = newDataKey();
    const mine = encryptContent({ content, dataKey, objectId, chunkSize });
    const other = encryptContent({ content, dataKey, objectId: 'obj-content-2', chunkSize });
    // Give the foreign chunk our nonce prefix too, so only the object id binding can catch it.
    const forged = decryptRange({
      ...mine,
      dataKey,
      objectId,
      chunks: [mine.chunks[0]!, other.chunks[1]!, mine.chunks[2]!],
      noncePrefix: other.noncePrefix,
      start: KiB,
      end: KiB,
    });
    expect(await reasonOf(forged)).toBe(EnvelopeErrorReason.authenticationFailed);
    const wrongId = decryptRange({ ...other, dataKey, objectId });
    expect(await reasonOf(wrongId)).toBe(EnvelopeErrorReason.authenticationFailed);
  });

  it('refuses the wrong data key', async () => {
    const { encrypted } = encrypt(content, chunkSize);
    const read = decryptRange({ ...encrypted, dataKey: newDataKey(), objectId });
    expect(await reasonOf(read)).toBe(EnvelopeErrorReason.authenticationFailed);
  });

  it('detects truncation by a rewritten length, even when the chunk sizes still add up', async () => {
    const { encrypted, read } = encrypt(content, chunkSize);
    const truncated = read({}, { chunks: encrypted.chunks.slice(0, 2), plaintextLength: 2 * KiB });
    expect(await reasonOf(truncated)).toBe(EnvelopeErrorReason.authenticationFailed);
    const emptied = read({}, { chunks: [encrypted.chunks[0]!.subarray(0, 16)], plaintextLength: 0 });
    expect(await reasonOf(emptied)).toBe(EnvelopeErrorReason.authenticationFailed);
  });

  it('detects a rewritten chunk size, even when the stored chunk still has the expected length', async () => {
    // 1 KiB in one 1 KiB chunk or in one 2 KiB chunk: same chunk count and length, so only the binding can tell.
    const { read } = encrypt(randomBytes(KiB), KiB);
    expect(await reasonOf(read({}, { chunkSize: 2 * KiB }))).toBe(EnvelopeErrorReason.authenticationFailed);
  });

  it('detects a wrong nonce prefix', async () => {
    const { read } = encrypt(content, chunkSize);
    expect(await reasonOf(read({}, { noncePrefix: randomBytes(8) }))).toBe(
      EnvelopeErrorReason.authenticationFailed,
    );
    expect(await reasonOf(read({}, { noncePrefix: randomBytes(12) }))).toBe(EnvelopeErrorReason.malformed);
  });

  it('reports a chunk of the wrong size as malformed', async () => {
    const { encrypted, read } = encrypt(content, chunkSize);
    const chunks = [...encrypted.chunks];
    chunks[1] = chunks[1]!.subarray(1);
    expect(await reasonOf(read({}, { chunks }))).toBe(EnvelopeErrorReason.malformed);
  });

  it('reports missing chunks, from an array or from a fetcher', async () => {
    const { encrypted, dataKey, read } = encrypt(content, chunkSize);
    expect(await reasonOf(read({}, { chunks: encrypted.chunks.slice(0, 2) }))).toBe(
      EnvelopeErrorReason.missingChunk,
    );
    const fetcher = async () => undefined as unknown as Buffer;
    const fromFetcher = decryptRange({ ...encrypted, chunks: fetcher, dataKey, objectId });
    expect(await reasonOf(fromFetcher)).toBe(EnvelopeErrorReason.missingChunk);
  });
});
