import { randomBytes } from 'node:crypto';

/** A storage account name no other run uses: lowercase letters and digits, at most 24 characters. */
export function uniqueAccountName(prefix: string): string {
  return `${prefix.replace(/[^a-z0-9]/g, '').slice(0, 14)}${randomBytes(5).toString('hex')}`;
}
