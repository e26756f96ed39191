import { type StorageErrorBody, type StorageErrorContext, storageError } from './storage-error.js';
import { type StorageErrorCode, storageErrorMessages } from './storage-error-messages.js';

/** The documented error for `code` (status and message from `storageErrorMessages`), stamped with the context. */
export function storageErrorFor(code: StorageErrorCode, context: StorageErrorContext): StorageErrorBody {
  const { status, message } = storageErrorMessages[code];
  return storageError(status, code, message, context);
}
