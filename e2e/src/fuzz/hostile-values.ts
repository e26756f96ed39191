import type { Prng } from './prng.js';

/** Names that exist in the fuzzed testbed, so absurd requests get past "not found" into the handlers. */
export interface KnownNames {
  strings: readonly string[];
}

const kib = 1024;
const tib = 1024 ** 4;

/** Strings that break parsers, loggers, regexes and string builders. */
const hostileStrings = [
  '',
  ' ',
  'a',
  'NaN',
  'Infinity',
  '-Infinity',
  '-1',
  '-0',
  '1e309',
  '0x1F',
  'null',
  'undefined',
  'true',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '[object Object]',
  '../../../../etc/passwd',
  'a/../../b',
  '%00',
  '\u0000',
  'a\u0000b',
  "'; DROP TABLE keys;--",
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, literal on purpose.
  '${process.exit()}',
  '{{7*7}}',
  'ñandú',
  '日本語のキー',
  '🔑🔐💥',
  '\u202Eevil\u202C',
  'e\u0301\u0301\u0301',
  '\uFEFF',
  '\uD800',
  '\uDFFF\uD800',
  'a'.repeat(10_000),
  '💥'.repeat(5_000),
  'x'.repeat(100_000),
  'a/'.repeat(1_000).concat('x'),
  '/'.repeat(64),
  'PT0S',
  'PT1H',
  'P99999999999W',
  'P0D',
  'P1Y',
  '2020-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm',
  `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${'r'.repeat(900)}/providers/a.b/c/d`,
  'https://evil.example/',
  'https://x.vault.azure.net/keys/k/v',
  'Bearer ',
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  'eyJhbGciOiJSUzI1NiJ9.e30.AAAA',
  'abc',
  'abc123',
  'f.txt',
  'dir/f.txt',
] as const;

/** Values of the contracts' own vocabulary, so enum fields can be filled and the absurdity moves elsewhere. */
const vocabulary = [
  'BlockBlob',
  'AppendBlob',
  'PageBlob',
  'acquire',
  'renew',
  'change',
  'release',
  'break',
  'include',
  'only',
  'committed',
  'uncommitted',
  'latest',
  'all',
  'metadata',
  'snapshots',
  'Hot',
  'Archive',
  'RSA',
  'RSA-HSM',
  'EC',
  'oct-HSM',
  'P-256',
  'P-521',
  'encrypt',
  'wrapKey',
  'unwrapKey',
  'sign',
  'RSA-OAEP',
  'RSA-OAEP-256',
  'RSA1_5',
  'RS256',
  'ES256',
  'standard',
  'premium',
  'Enabled',
  'Disabled',
  'Allow',
  'Deny',
  'AzureServices',
  'None',
  'SystemAssigned',
  'UserAssigned',
  'Microsoft.Storage',
  'Microsoft.Keyvault',
  'Service',
  'Account',
  'legacy-2020',
  'client_credentials',
  'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
  'https://vault.azure.net',
  'api://AzureADTokenExchange',
  'Key Vault Crypto Service Encryption User',
  'Key Vault Administrator',
] as const;

const hostileNumbers = [
  -1,
  0,
  1,
  -0,
  0.5,
  7,
  90,
  511,
  512,
  513,
  2048,
  5000,
  50_001,
  604_800,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53 + 2,
  -(2 ** 63),
  4 * tib,
  8 * tib,
  8.64e15 + 1,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
] as const;

function hostileObjects(): unknown[] {
  let nested: unknown = 'bottom';
  for (let i = 0; i < 60; i++) nested = { n: nested };
  return [
    null,
    true,
    false,
    {},
    [],
    [[]],
    { a: 1 },
    nested,
    new Uint8Array(0),
    new Uint8Array(512),
    new Uint8Array(4 * kib).fill(0xff),
    new Date(0),
    Array.from({ length: 50_001 }, () => 'x'),
    Array.from({ length: 2_000 }, (_, i) => ({ id: `b${i}`, list: 'latest' })),
    Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`k${i}`, `v${i}`])),
    { '': '' },
    { ['k'.repeat(10_000)]: 'v' },
    { 'x-ms-meta-🔑': 'ñ'.repeat(2_000) },
    { kty: 'RSA', n: 'AAAA', e: 'AQAB', d: '!!!', p: '', q: '' },
    { kty: 'EC', crv: 'P-999', x: 'not-base64url', y: 'x'.repeat(10_000) },
  ];
}

/**
 * The pool every generated field value is drawn from: absurd strings, numbers and structures, the contracts'
 * own vocabulary, and the names that exist in this testbed. Built once per run.
 */
export function hostileValues(known: KnownNames): readonly unknown[] {
  return [...hostileStrings, ...vocabulary, ...hostileNumbers, ...hostileObjects(), ...known.strings];
}

/** A random GUID drawn from the PRNG (a fresh, unknown id: the handlers' not-found paths). */
export function randomGuid(prng: Prng): string {
  const hex = [...prng.bytes(16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
