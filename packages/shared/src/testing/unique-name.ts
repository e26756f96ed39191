import { randomBytes } from 'node:crypto';

/** A name no other test run uses: `prefix-<8 hex>`, valid as a subject token and a KV key. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
