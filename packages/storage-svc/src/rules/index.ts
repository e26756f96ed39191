export { type AccountKeyTypes, type KeyAccessRequest, needsAccountKey } from './needs-account-key.js';
export {
  formatStorageErrorTime,
  type StorageErrorBody,
  type StorageErrorContext,
  storageError,
} from './storage-error.js';
export { storageErrorFor } from './storage-error-for.js';
export {
  type StorageErrorCode,
  type StorageErrorMessage,
  storageErrorMessages,
} from './storage-error-messages.js';
export {
  validateAccountName,
  validateBlobName,
  validateContainerName,
  validateDirectoryOrFileName,
  validateMetadata,
  validateMetadataName,
  validateMetadataValue,
  validateQueueName,
  validateShareName,
  validateTableName,
} from './storage-names.js';
export {
  type KeyAccess,
  type StorageOperation,
  type StorageOperationEntry,
  type StorageService,
  storageOperations,
} from './storage-operations.js';
