export { newAccountKey, unwrapWithPlatformKey, wrapWithPlatformKey } from './account-key.js';
export { defaultChunkSizeBytes } from './chunk-layout.js';
export {
  type ChunkSource,
  type DecryptRangeInput,
  decryptRange,
  type EncryptContentInput,
  type EncryptedContent,
  encryptContent,
} from './content-cipher.js';
export { newDataKey, unwrapDataKey, wrapDataKey } from './data-key.js';
export { EnvelopeError, EnvelopeErrorReason, type EnvelopeSubject } from './envelope-error.js';
export { decryptMetadata, encryptMetadata } from './metadata-cipher.js';
