/** One field of associated data: text is length-prefixed, numbers are fixed-width. */
export type AssociatedDataPart = string | number;

/**
 * Encodes associated data so that no two different field lists give the same bytes: strings carry a 4-byte
 * length, numbers are always 8 bytes. Without the prefix, object ids "ab"+"c" and "a"+"bc" would collide.
 * The first part is always a domain label, which fixes the meaning of everything after it.
 */
export function encodeAssociatedData(parts: readonly AssociatedDataPart[]): Buffer {
  const pieces: Buffer[] = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      const text = Buffer.from(part, 'utf8');
      const length = Buffer.allocUnsafe(4);
      length.writeUInt32BE(text.length);
      pieces.push(length, text);
    } else {
      if (!Number.isSafeInteger(part) || part < 0) {
        throw new RangeError(`associated data numbers must be non-negative safe integers, got ${part}`);
      }
      const number = Buffer.allocUnsafe(8);
      number.writeBigUInt64BE(BigInt(part));
      pieces.push(number);
    }
  }
  return Buffer.concat(pieces);
}
