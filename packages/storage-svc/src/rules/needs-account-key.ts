import { type StorageOperation, storageOperations } from './storage-operations.js';

/** The parts of a request that decide whether a conditional operation needs the account encryption key. */
export interface KeyAccessRequest {
  /** List Blobs `include=` values, e.g. `['metadata', 'snapshots']`. */
  include?: readonly string[] | undefined;
  /** The `x-ms-meta-*` headers, name to value. */
  metadata?: Readonly<Record<string, string>> | undefined;
}

/** The `keyType` each opt-in service was created with (writable only at account creation, facts §8). */
export interface AccountKeyTypes {
  queue: 'Service' | 'Account';
  table: 'Service' | 'Account';
}

/**
 * Whether `operation` needs the account encryption key (so fails with 403 while the customer-managed key is
 * unreachable), given the request and the account's queue/table key types.
 */
export function needsAccountKey(
  operation: StorageOperation,
  request: KeyAccessRequest,
  accountKeyTypes: AccountKeyTypes,
): boolean {
  const entry = storageOperations[operation];
  if (entry.keyAccess === 'always') return true;
  if (entry.keyAccess === 'never') return false;
  if (entry.keyAccess === 'account-key-type') return accountKeyTypes[entry.service] === 'Account';
  if (entry.keyAccess.when === 'include-metadata') {
    // Case-insensitive so an oddly spelled include still counts as reading metadata: during a revocation test a
    // false "needs the key" is visible, a false "proceeds" would hide a bug.
    return (request.include ?? []).some((value) => value.toLowerCase() === 'metadata');
  }
  return Object.keys(request.metadata ?? {}).length > 0;
}
