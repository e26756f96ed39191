import { KeyMaterialError } from './key-material-error.js';

// Buffer.from(.., 'base64url') silently skips characters outside the alphabet, which would turn a typo into
// a different key; check the alphabet first. Trailing '=' is tolerated because some encoders pad.
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** Decodes one required base64url JWK field, or throws {@link KeyMaterialError} naming it. */
export function decodeJwkField(jwk: object, field: string): Buffer {
  const value: unknown = (jwk as Record<string, unknown>)[field];
  if (value === undefined || value === null || value === '') {
    throw new KeyMaterialError(field, 'is required');
  }
  if (typeof value !== 'string')
    throw new KeyMaterialError(field, `must be a base64url string, not ${typeof value}`);
  if (!BASE64URL.test(value)) throw new KeyMaterialError(field, 'is not base64url');
  const bytes = Buffer.from(value, 'base64url');
  if (bytes.length === 0) throw new KeyMaterialError(field, 'decodes to no bytes');
  return bytes;
}

/** The unsigned big-endian integer in `bytes`. */
export function bigintFromBytes(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

/** `value` as unsigned big-endian bytes, left-padded to `length`. */
export function bytesFromBigint(value: bigint, length: number): Buffer {
  const hex = value.toString(16).padStart(length * 2, '0');
  if (hex.length > length * 2) throw new RangeError(`integer does not fit in ${length} bytes`);
  return Buffer.from(hex, 'hex');
}
