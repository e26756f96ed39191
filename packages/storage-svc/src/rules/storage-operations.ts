/**
 * When a storage data-plane operation needs the account encryption key, i.e. when it fails with 403 while the
 * customer-managed key is revoked, disabled or unreachable.
 *
 * - `'always'` / `'never'`: fixed by the operation.
 * - `{ when: 'include-metadata' }`: only List Blobs called with `include=metadata`.
 * - `{ when: 'metadata-headers' }`: only Snapshot Blob called with `x-ms-meta-*` headers.
 * - `'account-key-type'`: queue/table operations, only when that service was created with `keyType: Account`.
 */
export type KeyAccess =
  | 'always'
  | 'never'
  | 'account-key-type'
  | { readonly when: 'include-metadata' }
  | { readonly when: 'metadata-headers' };

/** The four storage data-plane services. */
export type StorageService = 'blob' | 'file' | 'queue' | 'table';

// Blob and Files are always covered by the CMK, so 'account-key-type' is meaningless for them; Queue and Table
// are covered only by keyType Account, so nothing but that (or 'never') makes sense for them. The split makes a
// misplaced rule a compile error rather than a silently wrong revocation test.
interface AlwaysCoveredOperation {
  readonly service: 'blob' | 'file';
  readonly restName: string;
  readonly keyAccess: Exclude<KeyAccess, 'account-key-type'>;
}
interface OptInCoveredOperation {
  readonly service: 'queue' | 'table';
  readonly restName: string;
  readonly keyAccess: 'never' | 'account-key-type';
}

/** One row of the catalogue: the service, Azure's documented REST operation name and the key rule. */
export type StorageOperationEntry = AlwaysCoveredOperation | OptInCoveredOperation;

const includeMetadata = { when: 'include-metadata' } as const;
const metadataHeaders = { when: 'metadata-headers' } as const;

/**
 * The storage data-plane operations the emulator serves, keyed by the camelCase of Azure's REST operation name.
 *
 * Key rules follow "Customer-managed keys for account encryption" (2024), sections "Blob Storage operations that
 * fail after a key is revoked" and "Azure Files operations that fail after a key is revoked", plus its sentence
 * "All data operations that aren't listed in the following sections may proceed". The 2020 version of that page
 * has the same Blob list but no Files list at all; the 2024 (newer) one wins. The Files configuration article
 * says "all Azure Files data plane operations fail", but its list is an illustrative "including:" subset of the
 * 2024 list and the article is undated, so the 2024 exhaustive list wins: Delete File, Delete Directory and the
 * share operations proceed.
 */
export const storageOperations = {
  // Blob: container operations are not on the list, so they proceed.
  createContainer: { service: 'blob', restName: 'Create Container', keyAccess: 'never' },
  deleteContainer: { service: 'blob', restName: 'Delete Container', keyAccess: 'never' },
  listContainers: { service: 'blob', restName: 'List Containers', keyAccess: 'never' },
  getContainerProperties: { service: 'blob', restName: 'Get Container Properties', keyAccess: 'never' },
  setContainerMetadata: { service: 'blob', restName: 'Set Container Metadata', keyAccess: 'never' },
  // Listing only decrypts when it returns metadata; a plain listing proceeds.
  listBlobs: { service: 'blob', restName: 'List Blobs', keyAccess: includeMetadata },
  putBlob: { service: 'blob', restName: 'Put Blob', keyAccess: 'always' },
  getBlob: { service: 'blob', restName: 'Get Blob', keyAccess: 'always' },
  getBlobProperties: { service: 'blob', restName: 'Get Blob Properties', keyAccess: 'always' },
  getBlobMetadata: { service: 'blob', restName: 'Get Blob Metadata', keyAccess: 'always' },
  setBlobMetadata: { service: 'blob', restName: 'Set Blob Metadata', keyAccess: 'always' },
  // Not on the list although Get Blob Properties is; the docs give no reason, we follow the list.
  setBlobProperties: { service: 'blob', restName: 'Set Blob Properties', keyAccess: 'never' },
  deleteBlob: { service: 'blob', restName: 'Delete Blob', keyAccess: 'never' },
  snapshotBlob: { service: 'blob', restName: 'Snapshot Blob', keyAccess: metadataHeaders },
  copyBlob: { service: 'blob', restName: 'Copy Blob', keyAccess: 'always' },
  setBlobTier: { service: 'blob', restName: 'Set Blob Tier', keyAccess: 'always' },
  putBlock: { service: 'blob', restName: 'Put Block', keyAccess: 'always' },
  // Not on the list although Put Block is (a documented oddity, facts §10); we follow the list.
  putBlockList: { service: 'blob', restName: 'Put Block List', keyAccess: 'never' },
  getBlockList: { service: 'blob', restName: 'Get Block List', keyAccess: 'never' },
  appendBlock: { service: 'blob', restName: 'Append Block', keyAccess: 'always' },
  putPage: { service: 'blob', restName: 'Put Page', keyAccess: 'always' },
  leaseBlob: { service: 'blob', restName: 'Lease Blob', keyAccess: 'never' },
  // Files: unlike Blob, listing fails; share operations and deletes proceed.
  createShare: { service: 'file', restName: 'Create Share', keyAccess: 'never' },
  deleteShare: { service: 'file', restName: 'Delete Share', keyAccess: 'never' },
  createDirectory: { service: 'file', restName: 'Create Directory', keyAccess: 'always' },
  deleteDirectory: { service: 'file', restName: 'Delete Directory', keyAccess: 'never' },
  getDirectoryProperties: { service: 'file', restName: 'Get Directory Properties', keyAccess: 'always' },
  setDirectoryMetadata: { service: 'file', restName: 'Set Directory Metadata', keyAccess: 'always' },
  listDirectoriesAndFiles: { service: 'file', restName: 'List Directories and Files', keyAccess: 'always' },
  createFile: { service: 'file', restName: 'Create File', keyAccess: 'always' },
  putRange: { service: 'file', restName: 'Put Range', keyAccess: 'always' },
  getFile: { service: 'file', restName: 'Get File', keyAccess: 'always' },
  getFileProperties: { service: 'file', restName: 'Get File Properties', keyAccess: 'always' },
  setFileProperties: { service: 'file', restName: 'Set File Properties', keyAccess: 'always' },
  getFileMetadata: { service: 'file', restName: 'Get File Metadata', keyAccess: 'always' },
  setFileMetadata: { service: 'file', restName: 'Set File Metadata', keyAccess: 'always' },
  copyFile: { service: 'file', restName: 'Copy File', keyAccess: 'always' },
  renameFile: { service: 'file', restName: 'Rename File', keyAccess: 'always' },
  deleteFile: { service: 'file', restName: 'Delete File', keyAccess: 'never' },
  createPermission: { service: 'file', restName: 'Create Permission', keyAccess: 'always' },
  getPermission: { service: 'file', restName: 'Get Permission', keyAccess: 'always' },
  // Queue and Table: Microsoft documents no revocation list for them (facts §10, [U]). Design choice, by analogy
  // with Blob/Files: creating the queue/table and deleting a message/entity touch no encrypted content and
  // proceed; reading or writing message/entity content needs the key when the service uses keyType Account.
  createQueue: { service: 'queue', restName: 'Create Queue', keyAccess: 'never' },
  putMessage: { service: 'queue', restName: 'Put Message', keyAccess: 'account-key-type' },
  getMessages: { service: 'queue', restName: 'Get Messages', keyAccess: 'account-key-type' },
  peekMessages: { service: 'queue', restName: 'Peek Messages', keyAccess: 'account-key-type' },
  deleteMessage: { service: 'queue', restName: 'Delete Message', keyAccess: 'never' },
  createTable: { service: 'table', restName: 'Create Table', keyAccess: 'never' },
  insertEntity: { service: 'table', restName: 'Insert Entity', keyAccess: 'account-key-type' },
  // The Table REST API has no "Get Entity": a single entity is read with Query Entities addressed by its keys.
  getEntity: { service: 'table', restName: 'Query Entities', keyAccess: 'account-key-type' },
  queryEntities: { service: 'table', restName: 'Query Entities', keyAccess: 'account-key-type' },
  deleteEntity: { service: 'table', restName: 'Delete Entity', keyAccess: 'never' },
} as const satisfies Record<string, StorageOperationEntry>;

/** The name of a catalogued storage operation, e.g. `'getBlob'`. */
export type StorageOperation = keyof typeof storageOperations;
