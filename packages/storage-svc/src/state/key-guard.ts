import type { HandlerContext } from '@cmk-testbed/shared';
import { type KeyAccessRequest, needsAccountKey, type StorageOperation } from '../rules/index.js';
import type { StoredAccount } from './documents.js';
import type { StorageState } from './storage-state.js';

/**
 * The 403 contract in one place: an operation that needs the account key (by the documented lists, see
 * rules/storage-operations.ts) gets it or fails with Azure's 403; every other operation proceeds without it.
 */
export async function keyFor(
  state: StorageState,
  account: StoredAccount,
  operation: StorageOperation,
  request: KeyAccessRequest,
  ctx: HandlerContext,
): Promise<Buffer | undefined> {
  if (!needsAccountKey(operation, request, account.encryption.keyTypes)) return undefined;
  return state.keys.accountKey(account, ctx);
}
