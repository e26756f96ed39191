import { randomBytes } from 'node:crypto';

/**
 * Run-scoped names: every symbolic name of a scenario gets a suffix unique to this run of it, so scenarios
 * never collide on one topology and a scenario can run again on the same testbed. Suffixes are 6 base-36
 * characters; symbolic names are at most 14, so every result fits Azure's 24-character limits.
 */
export class RunNames {
  readonly suffix: string;

  constructor(suffix = randomSuffix()) {
    this.suffix = suffix;
  }

  /** A vault, tenant, identity or app name: letters, digits and hyphens. */
  hyphenated(symbol: string): string {
    return `${symbol}-${this.suffix}`;
  }

  /** A storage account name: 3 to 24 lowercase letters and digits only. */
  account(symbol: string): string {
    return `${symbol.replaceAll('-', '')}${this.suffix}`;
  }
}

function randomSuffix(): string {
  const bytes = randomBytes(6);
  let out = '';
  for (const b of bytes) out += 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36];
  return `${'abcdefghijklmnopqrstuvwxyz'[bytes[0]! % 26]}${out.slice(1)}`;
}
