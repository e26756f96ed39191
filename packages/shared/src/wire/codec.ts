import { Decoder, Encoder } from '@msgpack/msgpack';

// One encoder/decoder pair per process: msgpack's encoder reuses its buffer, which matters on the hot path.
const encoder = new Encoder({ ignoreUndefined: true });
const decoder = new Decoder();

/** Encodes a message body. Binary fields (Uint8Array) travel as msgpack bin, never base64. */
export function encodeBody(value: unknown): Uint8Array {
  return encoder.encode(value);
}

/** Decodes a message body; throws on bytes that are not one complete msgpack value. */
export function decodeBody(bytes: Uint8Array): unknown {
  if (bytes.length === 0) return undefined;
  // NATS hands out Buffers; a plain view makes binary fields plain Uint8Arrays on both sides of the wire.
  const view = Buffer.isBuffer(bytes)
    ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : bytes;
  return decoder.decode(view);
}
