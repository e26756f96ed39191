import { encodeBody, type OperationSpec } from '@cmk-testbed/shared';
import { type Prng, pickWeighted } from './prng.js';
import { damaged, deeplyNested, encodeWithSplice, malformedMsgpack } from './raw-msgpack.js';
import type { ShapeFiller } from './shape-filler.js';

export interface PayloadContext {
  prng: Prng;
  spec: OperationSpec;
  filler: ShapeFiller;
  pool: readonly unknown[];
  /** Bytes a huge payload may fill: the server's max_payload less room for headers. */
  hugeBytes: number;
}

interface PayloadKind {
  name: string;
  weight: number;
  make(ctx: PayloadContext): Uint8Array;
}

const marker = 'FUZZ-SPLICE';

/** Puts `marker` in one of `keys` of a filled request (or an unknown field), to splice raw bytes there. */
function withMarker(
  ctx: PayloadContext,
  keys: readonly string[],
  unknownShare: number,
): Record<string, unknown> {
  const filled = ctx.filler.fill(ctx.spec.request, 'absurd');
  const base = typeof filled === 'object' && filled !== null && !Array.isArray(filled) ? filled : {};
  const key = keys.length > 0 && !ctx.prng.chance(unknownShare) ? ctx.prng.pick(keys) : 'sku';
  return { ...base, [key]: marker };
}

/**
 * A request exactly `ctx.hugeBytes` long, one string field filling it: a field that takes long strings if the
 * operation has one (so the value gets past validation, into handlers and error messages), else any field.
 */
export function hugeRequest(ctx: PayloadContext): Uint8Array {
  const deep = ctx.filler.keysAcceptingLongStrings(ctx.spec.request, 70_000);
  let request = withMarker(ctx, deep.length > 0 ? deep : ctx.filler.keysOf(ctx.spec.request), 0);
  // The other fields' absurd values may themselves be large: then the huge field goes in alone.
  if (encodeBody(request).length > ctx.hugeBytes / 2) {
    request = Object.fromEntries(Object.entries(request).filter(([, value]) => value === marker));
  }
  const length = ctx.hugeBytes - (encodeBody(request).length - marker.length - 1) - 5;
  const str32 = new Uint8Array(5 + length).fill(0x78);
  str32[0] = 0xdb;
  new DataView(str32.buffer).setUint32(1, length);
  return encodeWithSplice(request, marker, str32);
}

/**
 * The kinds of hostile body, as data: each row is one way a message can be wrong, with its share of the run.
 * Valid shapes with absurd values come first because they are what reaches the handlers.
 */
export const payloadKinds: readonly PayloadKind[] = [
  {
    name: 'absurd-values',
    weight: 30,
    make: (c) => encodeBody(c.filler.fill(c.spec.request, 'absurd')),
  },
  {
    name: 'wrong-types',
    weight: 15,
    make: (c) => encodeBody(c.filler.fill(c.spec.request, 'mixed')),
  },
  { name: 'not-an-object', weight: 8, make: (c) => encodeBody(c.prng.pick(c.pool)) },
  {
    name: 'garbage-bytes',
    weight: 10,
    make: (c) => c.prng.bytes(c.prng.pick([1, 2, 3, 8, 64, 512, 4096, 65_536])),
  },
  { name: 'empty-body', weight: 3, make: () => new Uint8Array(0) },
  { name: 'malformed-msgpack', weight: 12, make: (c) => c.prng.pick(malformedMsgpack).bytes },
  {
    name: 'damaged-msgpack',
    weight: 8,
    make: (c) => damaged(c.prng, encodeBody(c.filler.fill(c.spec.request, 'absurd'))),
  },
  {
    name: 'deeply-nested',
    weight: 4,
    make: (c) => {
      const inner = deeplyNested(
        c.prng.pick([200, 5_000, 20_000, 100_000]),
        c.prng.chance(0.5) ? 'array' : 'map',
      );
      if (c.prng.chance(0.3)) return inner;
      return encodeWithSplice(withMarker(c, c.filler.keysOf(c.spec.request), 0.2), marker, inner);
    },
  },
  { name: 'huge-field', weight: 0.6, make: hugeRequest },
];

export function pickPayloadKind(prng: Prng): PayloadKind {
  return pickWeighted(prng, payloadKinds);
}
