import { encodeBody } from '@cmk-testbed/shared';
import type { Prng } from './prng.js';

const utf8 = new TextEncoder();

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

function fixstr(text: string): Uint8Array {
  const bytes = utf8.encode(text);
  if (bytes.length > 31) throw new Error('fixstr holds at most 31 bytes');
  return concat([0xa0 | bytes.length], bytes);
}

/**
 * Byte sequences a hand-written or hostile client could send: declared lengths far beyond the data, reserved
 * bytes, bad extensions, prototype keys, non-string keys, invalid UTF-8, trailing bytes, 64-bit extremes.
 * None of them can be produced by a well-behaved encoder, which is why they are spelled out.
 */
export const malformedMsgpack: readonly { name: string; bytes: Uint8Array }[] = [
  { name: 'str32 claiming 4 GiB', bytes: Uint8Array.from([0xdb, 0xff, 0xff, 0xff, 0xff, 0x61, 0x62]) },
  { name: 'array32 claiming 2^32-1 items', bytes: Uint8Array.from([0xdd, 0xff, 0xff, 0xff, 0xff, 0xc0]) },
  { name: 'map32 claiming 2^32-1 entries', bytes: Uint8Array.from([0xdf, 0xff, 0xff, 0xff, 0xff]) },
  { name: 'array32 claiming 10^8 items', bytes: Uint8Array.from([0xdd, 0x05, 0xf5, 0xe1, 0x00, 0x01]) },
  { name: 'bin32 claiming 2 GiB', bytes: Uint8Array.from([0xc6, 0x7f, 0xff, 0xff, 0xff, 0x00]) },
  { name: 'timestamp ext of bad length', bytes: Uint8Array.from([0xc7, 0x03, 0xff, 0x01, 0x02, 0x03]) },
  { name: 'unknown ext type', bytes: Uint8Array.from([0xd4, 0x2a, 0x01]) },
  { name: 'ext8 claiming more than sent', bytes: Uint8Array.from([0xc7, 0xff, 0x05, 0x01]) },
  { name: 'reserved byte 0xc1', bytes: Uint8Array.from([0xc1]) },
  {
    name: 'map key __proto__',
    bytes: concat([0x81], fixstr('__proto__'), [0x81], fixstr('polluted'), [0xc3]),
  },
  { name: 'map key constructor', bytes: concat([0x81], fixstr('constructor'), [0x80]) },
  { name: 'map with a map as key', bytes: Uint8Array.from([0x81, 0x80, 0x01]) },
  { name: 'map with an integer key', bytes: Uint8Array.from([0x81, 0x01, 0x02]) },
  { name: 'map with a nil key', bytes: Uint8Array.from([0x81, 0xc0, 0x02]) },
  {
    name: 'invalid UTF-8 in a str',
    bytes: Uint8Array.from([0x81, 0xa4, 0xff, 0xfe, 0xc0, 0x80, 0xa1, 0x61]),
  },
  { name: 'duplicate keys', bytes: concat([0x82], fixstr('name'), fixstr('a'), fixstr('name'), [0x07]) },
  { name: 'two values back to back', bytes: concat(encodeBody({}), encodeBody({})) },
  { name: 'float64 NaN body', bytes: Uint8Array.from([0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0]) },
  { name: 'int64 minimum', bytes: Uint8Array.from([0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0]) },
  { name: 'uint64 maximum', bytes: Uint8Array.from([0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]) },
  { name: 'fixmap missing its values', bytes: Uint8Array.from([0x8f]) },
  { name: 'nil body', bytes: Uint8Array.from([0xc0]) },
  { name: 'a lone string', bytes: fixstr('{}') },
  { name: 'JSON text instead of msgpack', bytes: utf8.encode('{"name":"x","tenantId":"y"}') },
];

/** `depth` arrays (or single-key maps) inside each other around one nil: a few bytes per level. */
export function deeplyNested(depth: number, kind: 'array' | 'map'): Uint8Array {
  const level = kind === 'array' ? [0x91] : [0x81, 0xa1, 0x61];
  const out = new Uint8Array(depth * level.length + 1);
  for (let i = 0; i < depth; i++) out.set(level, i * level.length);
  out[out.length - 1] = 0xc0;
  return out;
}

/** A valid message cut short at a random byte, or with random bytes flipped. */
export function damaged(prng: Prng, valid: Uint8Array): Uint8Array {
  if (valid.length > 1 && prng.chance(0.5)) return valid.slice(0, 1 + prng.int(valid.length - 1));
  const copy = valid.slice();
  for (let i = 0; i < 1 + prng.int(4); i++) copy[prng.int(copy.length)] = prng.int(256);
  return copy;
}

/**
 * Encodes `value` with the raw bytes `inner` in place of the string `marker`: how a deeply nested or
 * oversized value is put into an otherwise well-formed request the encoder would refuse to build.
 */
export function encodeWithSplice(value: unknown, marker: string, inner: Uint8Array): Uint8Array {
  const encoded = encodeBody(value);
  const needle = fixstr(marker);
  const at = indexOf(encoded, needle);
  if (at < 0) return encoded;
  return concat(encoded.subarray(0, at), inner, encoded.subarray(at + needle.length));
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
