import type { HandlerContext } from '@cmk-testbed/shared';
import {
  decryptMetadata,
  encryptMetadata,
  newDataKey,
  unwrapDataKey,
  wrapDataKey,
} from '../envelope/index.js';
import type { StorageOperation } from '../rules/index.js';
import type { SealedValue, StoredAccount } from './documents.js';
import { keyFor } from './key-guard.js';
import type { StorageState } from './storage-state.js';

/**
 * Queue and Table data: with keyType Account it is protected by the account key (so by the CMK, and refused
 * while the key is unavailable); with keyType Service by a key the service manages, untouched by the CMK.
 */
export async function keyForData(
  state: StorageState,
  account: StoredAccount,
  operation: StorageOperation,
  ctx: HandlerContext,
): Promise<{ by: SealedValue['by']; key: Buffer }> {
  const accountKey = await keyFor(state, account, operation, {}, ctx);
  return accountKey ? { by: 'account', key: accountKey } : { by: 'platform', key: state.platformKey };
}

export function sealValue(
  values: Record<string, string>,
  wrapping: { by: SealedValue['by']; key: Buffer },
  id: string,
): SealedValue {
  const dataKey = newDataKey();
  return {
    by: wrapping.by,
    wrappedKey: wrapDataKey(dataKey, wrapping.key, id).toString('base64'),
    sealed: encryptMetadata(values, dataKey, id).toString('base64'),
  };
}

export function openValue(
  sealed: SealedValue,
  wrapping: { key: Buffer },
  id: string,
): Record<string, string> {
  const dataKey = unwrapDataKey(Buffer.from(sealed.wrappedKey, 'base64'), wrapping.key, id);
  return decryptMetadata(Buffer.from(sealed.sealed, 'base64'), dataKey, id);
}
