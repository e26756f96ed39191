export { encodeKeyPart, KvDocuments, openStateBucket, type Versioned } from './kv-documents.js';
