export { isCasConflict } from './is-cas-conflict.js';
export { encodeKeyPart, KvDocuments, openStateBucket, type Versioned } from './kv-documents.js';
export { KvMirror } from './kv-mirror.js';
