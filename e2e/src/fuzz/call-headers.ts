import { type MsgHdrs, headers as natsHeaders } from 'nats';
import { type Prng, pickWeighted } from './prng.js';

/** The call-context header of the rpc layer (see packages/shared/src/rpc/call-context.ts for its format). */
const callHeader = 'Cmk-Call';

interface HeaderVariant {
  name: string;
  weight: number;
  /** The Cmk-Call value(s); none means the header is left out. */
  values(prng: Prng, now: number): string[];
}

const requestId = (prng: Prng) => `fuzz-${prng.int(1e9)}`;
const caller = 'client/fuzzer/eastus';
const origin = '203.0.113.10|-|0';

/**
 * How a request's `Cmk-Call` header can be wrong: absent, empty, garbage, NaN-like numbers, a deadline
 * already past, a clock revision nobody has reached (bounded by a short deadline: the callee waits for it
 * until the deadline, as it should), a spoofed trusted caller, 10k characters, unicode, extra fields, twice.
 */
const variants: readonly HeaderVariant[] = [
  {
    name: 'proper',
    weight: 45,
    values: (p, now) => [`${requestId(p)} ${now + 5000} ${caller} ${origin} 0`],
  },
  { name: 'missing', weight: 14, values: () => [] },
  { name: 'empty', weight: 3, values: () => [''] },
  {
    name: 'garbage',
    weight: 6,
    values: (p) => [Array.from({ length: 1 + p.int(8) }, () => p.int(1e12).toString(36)).join(' ')],
  },
  {
    name: 'nan-fields',
    weight: 5,
    values: (p) => [
      `NaN ${p.pick(['NaN', 'Infinity', '-1', '1e400', '0x10'])} // ||| ${p.pick(['NaN', '-5', 'x'])}`,
    ],
  },
  {
    name: 'past-deadline',
    weight: 5,
    values: (p, now) => [`${requestId(p)} ${now - 1 - p.int(1e9)} ${caller} ${origin} 0`],
  },
  {
    name: 'far-deadline',
    weight: 3,
    values: (p, now) => [`${requestId(p)} ${now + 3_600_000} ${caller} ${origin} 0`],
  },
  {
    name: 'unreached-revision',
    weight: 3,
    values: (p, now) => [`${requestId(p)} ${now + 200 + p.int(300)} ${caller} ${origin} ${2 ** 52}`],
  },
  {
    name: 'spoofed-trusted-caller',
    weight: 4,
    values: (p, now) => [`${requestId(p)} ${now + 5000} storage/storage-eastus-1/eastus 10.1.0.1|/x|1 0`],
  },
  {
    name: 'oversized',
    weight: 3,
    values: (_p, now) => [`${'r'.repeat(10_000)} ${now + 5000} ${'s/'.repeat(500)} ${origin} 0`],
  },
  {
    name: 'unicode',
    weight: 3,
    values: (p, now) => [`🔑${requestId(p)} ${now + 5000} 客户/实例/区域 ::1|ñ|1 ０`],
  },
  {
    name: 'extra-fields',
    weight: 3,
    values: (p, now) => [`${requestId(p)} ${now + 5000} ${caller} ${origin} 0 ${'extra '.repeat(20)}`],
  },
  {
    name: 'twice',
    weight: 3,
    values: (p, now) => [
      `${requestId(p)} ${now + 5000} ${caller} ${origin} 0`,
      `other ${now - 10} a/b/c x 9`,
    ],
  },
];

/** A header variant picked by weight, and the headers it builds (undefined for none at all). */
export function callHeaders(prng: Prng, now: number): { variant: string; headers: MsgHdrs | undefined } {
  const variant = pickWeighted(prng, variants);
  const values = variant.values(prng, now);
  if (values.length === 0 && !prng.chance(0.3)) return { variant: variant.name, headers: undefined };
  const h = natsHeaders();
  // Headers other than Cmk-Call must be ignored, including ones that look like a service error.
  if (values.length === 0) h.set('Nats-Service-Error-Code', '500');
  for (const value of values) h.append(callHeader, value);
  return { variant: variant.name, headers: h };
}

/** A proper header, for the messages whose point is elsewhere (the payload size boundary). */
export function properCallHeaders(now: number): MsgHdrs {
  const h = natsHeaders();
  h.set(callHeader, `fuzz-proper ${now + 5000} ${caller} ${origin} 0`);
  return h;
}
