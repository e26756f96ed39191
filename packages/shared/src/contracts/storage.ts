import { z } from 'zod';
import { defineContract } from '../rpc/contract.js';
import { armNameSchema, guidSchema } from './azure-ids.js';
import { commonOperations } from './common.js';
import { empty, obj, op } from './contract-helpers.js';
import {
  accountEncryptionSchema,
  accountIdentitySchema,
  accountNameSchema,
  storageAccountSchema,
} from './storage-schemas.js';

const metadata = z.record(z.string(), z.string());
/** Blob content travels as bytes; a string is taken as UTF-8 (handy in scenario files). */
const body = z.union([z.instanceof(Uint8Array), z.string()]);
const containerRef = { account: accountNameSchema, container: z.string().min(1).max(63) };
const blobRef = { ...containerRef, blob: z.string().min(1).max(1024) };

const containerItem = z.object({
  name: z.string(),
  properties: z.object({ etag: z.string(), lastModified: z.string() }),
  metadata: metadata.optional(),
});

const shareNameSchema = z.string().min(1).max(63);
/** A path inside a share: directory names separated by `/`, no leading or trailing slash. */
const filePathSchema = z
  .string()
  .min(1)
  .max(2048)
  .regex(/^[^/](.*[^/])?$/, 'a path like dir1/dir2/file.txt, without a leading or trailing /');
const shareRef = { account: accountNameSchema, share: shareNameSchema };
const pathRef = { ...shareRef, path: filePathSchema };

const fileProperties = z.object({
  etag: z.string(),
  lastModified: z.string(),
  contentLength: z.number().int(),
  contentType: z.string(),
  serverEncrypted: z.literal(true),
});

const queueMessage = z.object({
  messageId: z.string(),
  insertionTime: z.string(),
  expirationTime: z.string(),
  popReceipt: z.string(),
  timeNextVisible: z.string(),
});
const entityRef = {
  account: accountNameSchema,
  table: z.string().min(1).max(63),
  partitionKey: z.string().max(1024),
  rowKey: z.string().max(1024),
};
const tableEntity = z.object({
  partitionKey: z.string(),
  rowKey: z.string(),
  timestamp: z.string(),
  etag: z.string(),
  properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

const blobProperties = z.object({
  etag: z.string(),
  lastModified: z.string(),
  contentLength: z.number().int(),
  contentType: z.string(),
  blobType: z.enum(['BlockBlob', 'AppendBlob', 'PageBlob']),
  accessTier: z.string(),
  serverEncrypted: z.literal(true),
  leaseState: z.enum(['available', 'leased', 'broken']),
  snapshot: z.string().optional(),
  encryptionKeySha256: z.string().optional(),
});

/**
 * Azure Storage nodes of one region: accounts (ARM shape, management plane) and the Blob service's data
 * plane. Operations that need the account encryption key fail with 403 while the key is unavailable;
 * the others proceed (see packages/storage-svc/src/rules/storage-operations.ts).
 */
export const storageContract = defineContract({
  service: 'storage',
  scope: 'region',
  version: '0.2.0',
  operations: {
    ...commonOperations,
    createAccount: op(
      'Creates a storage account in this region; accepts a pasted ARM `identity` and `properties.encryption`.',
      z
        .object({
          name: accountNameSchema,
          subscriptionId: guidSchema,
          resourceGroup: armNameSchema.default('rg-storage'),
          location: z.string().min(1),
          kind: z.string().default('StorageV2'),
          identity: accountIdentitySchema.optional(),
          properties: z.object({ encryption: accountEncryptionSchema.optional() }).passthrough().optional(),
          // The rest of a pasted ARM resource: accepted and ignored, as ARM's own envelope.
          sku: z.unknown().optional(),
          tags: z.unknown().optional(),
          type: z.literal('Microsoft.Storage/storageAccounts').optional(),
          apiVersion: z.string().optional(),
          id: z.string().optional(),
          zones: z.unknown().optional(),
          extendedLocation: z.unknown().optional(),
          dependsOn: z.unknown().optional(),
          /**
           * Testbed-only: the fidelity profile this account's CMK configuration is validated by
           * (`legacy-2020`: same tenant, same region, RSA 2048). Default: the node's CMK_STORAGE_PROFILE.
           */
          profile: z.enum(['current', 'legacy-2020']).optional(),
        })
        .strict(),
      storageAccountSchema,
    ),
    getAccount: op(
      'A storage account of this region.',
      obj({ name: accountNameSchema }),
      storageAccountSchema,
    ),
    listAccounts: op(
      'The storage accounts of this region.',
      obj({}),
      z.object({ value: z.array(storageAccountSchema) }),
    ),
    updateAccount: op(
      'Changes the identity or encryption of an account; a failed CMK validation leaves it unchanged.',
      obj({
        name: accountNameSchema,
        identity: accountIdentitySchema.optional(),
        properties: z.object({ encryption: accountEncryptionSchema.optional() }).passthrough().optional(),
      }),
      storageAccountSchema,
    ),
    deleteAccount: op('Deletes a storage account and its data.', obj({ name: accountNameSchema }), empty),

    createContainer: op(
      'Creates a container.',
      obj({ ...containerRef, metadata: metadata.optional() }),
      containerItem,
    ),
    deleteContainer: op('Deletes a container and its blobs.', obj(containerRef), empty),
    listContainers: op(
      'Lists containers.',
      obj({
        account: accountNameSchema,
        prefix: z.string().optional(),
        include: z.array(z.enum(['metadata'])).optional(),
      }),
      z.object({ containers: z.array(containerItem) }),
    ),
    getContainerProperties: op("A container's properties and metadata.", obj(containerRef), containerItem),
    setContainerMetadata: op(
      "Replaces a container's metadata.",
      obj({ ...containerRef, metadata }),
      containerItem,
    ),

    putBlob: op(
      'Creates or replaces a block blob.',
      obj({
        ...blobRef,
        body,
        /** x-ms-blob-type: an append blob starts empty (or with this body) and grows with appendBlock. */
        blobType: z.enum(['BlockBlob', 'AppendBlob', 'PageBlob']).optional(),
        /** x-ms-blob-content-length: the fixed size of a page blob (a multiple of 512). */
        size: z
          .number()
          .int()
          .min(0)
          .max(8 * 1024 ** 4)
          .optional(),
        contentType: z.string().max(256).optional(),
        metadata: metadata.optional(),
        leaseId: z.string().optional(),
      }),
      z.object({ etag: z.string(), lastModified: z.string(), contentLength: z.number().int() }),
    ),
    getBlob: op(
      "A blob's content (optionally a byte range), properties and metadata.",
      obj({
        ...blobRef,
        range: z
          .object({ start: z.number().int().min(0), end: z.number().int().min(0).optional() })
          .strict()
          .optional(),
      }),
      z.object({ body: z.instanceof(Uint8Array), properties: blobProperties, metadata }),
    ),
    getBlobProperties: op(
      "A blob's properties and metadata.",
      obj(blobRef),
      z.object({ properties: blobProperties, metadata }),
    ),
    getBlobMetadata: op("A blob's metadata.", obj(blobRef), z.object({ metadata, etag: z.string() })),
    setBlobMetadata: op(
      "Replaces a blob's metadata.",
      obj({ ...blobRef, metadata }),
      z.object({ etag: z.string(), lastModified: z.string() }),
    ),
    deleteBlob: op(
      'Deletes a blob (and its snapshots with deleteSnapshots: include).',
      obj({
        ...blobRef,
        leaseId: z.string().optional(),
        deleteSnapshots: z.enum(['include', 'only']).optional(),
      }),
      empty,
    ),
    putBlock: op(
      'Stages a block (encrypted at once: needs the key).',
      obj({ ...blobRef, blockId: z.string().min(1).max(88), body }),
      z.object({ contentLength: z.number().int() }),
    ),
    putBlockList: op(
      'Commits a block list: it only references already-encrypted blocks, so it needs no key (as documented).',
      obj({
        ...blobRef,
        blocks: z
          .array(
            z.union([
              z.string(),
              z.object({ id: z.string(), list: z.enum(['committed', 'uncommitted', 'latest']) }).strict(),
            ]),
          )
          .max(50_000),
        contentType: z.string().max(256).optional(),
        leaseId: z.string().optional(),
      }),
      z.object({ etag: z.string(), lastModified: z.string(), contentLength: z.number().int() }),
    ),
    getBlockList: op(
      'The committed and/or uncommitted blocks of a blob.',
      obj({ ...blobRef, blocklisttype: z.enum(['committed', 'uncommitted', 'all']).default('committed') }),
      z.object({
        committedBlocks: z.array(z.object({ name: z.string(), size: z.number().int() })),
        uncommittedBlocks: z.array(z.object({ name: z.string(), size: z.number().int() })),
      }),
    ),
    appendBlock: op(
      'Appends a block to an append blob (needs the key).',
      obj({ ...blobRef, body, leaseId: z.string().optional() }),
      z.object({ appendOffset: z.number().int(), committedBlockCount: z.number().int(), etag: z.string() }),
    ),
    putPage: op(
      'Writes 512-byte-aligned pages into a page blob (needs the key).',
      obj({ ...blobRef, offset: z.number().int().min(0), body, leaseId: z.string().optional() }),
      z.object({ etag: z.string(), contentLength: z.number().int() }),
    ),
    snapshotBlob: op(
      'Takes a read-only snapshot; with metadata (x-ms-meta-* headers) the snapshot gets new metadata, which needs the key.',
      obj({ ...blobRef, metadata: metadata.optional() }),
      z.object({ snapshot: z.string(), etag: z.string() }),
    ),
    copyBlob: op(
      "Copies a blob (same region) to a new blob: content is re-encrypted under the destination's keys.",
      obj({
        ...blobRef,
        source: z
          .object({
            account: accountNameSchema,
            container: z.string().min(1).max(63),
            blob: z.string().min(1).max(1024),
          })
          .strict(),
        metadata: metadata.optional(),
        /** The destination's lease (x-ms-lease-id): required while the destination has an active lease. */
        leaseId: z.string().optional(),
      }),
      z.object({ copyId: z.string(), copyStatus: z.literal('success'), etag: z.string() }),
    ),
    setBlobTier: op(
      'Sets the access tier of a block blob.',
      obj({ ...blobRef, tier: z.enum(['Hot', 'Cool', 'Cold', 'Archive']) }),
      empty,
    ),
    setBlobProperties: op(
      'Sets system properties (content type); not encrypted, so it needs no key.',
      obj({ ...blobRef, contentType: z.string().max(256), leaseId: z.string().optional() }),
      z.object({ etag: z.string(), lastModified: z.string() }),
    ),
    leaseBlob: op(
      'Acquires, renews, changes, releases or breaks a lease (durations on the testbed clock).',
      obj({
        ...blobRef,
        action: z.enum(['acquire', 'renew', 'change', 'release', 'break']),
        duration: z.number().int().optional(),
        leaseId: z.string().optional(),
        proposedLeaseId: z.string().optional(),
      }),
      z.object({ leaseId: z.string().optional(), leaseState: z.enum(['leased', 'available', 'broken']) }),
    ),
    listBlobs: op(
      'Lists the blobs of a container; with include=metadata the metadata is decrypted, which needs the key.',
      obj({
        ...containerRef,
        prefix: z.string().optional(),
        include: z.array(z.enum(['metadata', 'snapshots', 'tags'])).optional(),
        maxresults: z.number().int().min(1).max(5000).default(5000),
        marker: z.string().optional(),
      }),
      z.object({
        blobs: z.array(
          z.object({ name: z.string(), properties: blobProperties, metadata: metadata.optional() }),
        ),
        nextMarker: z.string().optional(),
      }),
    ),

    createShare: op(
      'Creates a file share (share operations need no key).',
      obj({
        ...shareRef,
        quota: z.number().int().min(1).max(102_400).optional(),
        metadata: metadata.optional(),
      }),
      z.object({ etag: z.string(), lastModified: z.string() }),
    ),
    deleteShare: op('Deletes a share and everything in it.', obj(shareRef), empty),
    createDirectory: op(
      'Creates a directory; its parent must exist.',
      obj({ ...pathRef, metadata: metadata.optional() }),
      z.object({ etag: z.string() }),
    ),
    deleteDirectory: op('Deletes an empty directory (proceeds during a revocation).', obj(pathRef), empty),
    getDirectoryProperties: op(
      "A directory's properties and metadata.",
      obj(pathRef),
      z.object({ etag: z.string(), lastModified: z.string(), metadata }),
    ),
    setDirectoryMetadata: op(
      "Replaces a directory's metadata.",
      obj({ ...pathRef, metadata }),
      z.object({ etag: z.string() }),
    ),
    listDirectoriesAndFiles: op(
      'Lists a directory (the share root without a path).',
      obj({ ...shareRef, path: filePathSchema.optional() }),
      z.object({
        entries: z.array(
          z.object({
            name: z.string(),
            kind: z.enum(['directory', 'file']),
            size: z.number().int().optional(),
          }),
        ),
      }),
    ),
    createFile: op(
      'Creates a file of a fixed size (zeros until written with putRange).',
      obj({
        ...pathRef,
        size: z
          .number()
          .int()
          .min(0)
          .max(4 * 1024 ** 4),
        contentType: z.string().max(256).optional(),
        metadata: metadata.optional(),
      }),
      z.object({ etag: z.string(), lastModified: z.string() }),
    ),
    putRange: op(
      'Writes bytes at an offset of a file.',
      obj({ ...pathRef, offset: z.number().int().min(0), body }),
      z.object({ etag: z.string(), contentLength: z.number().int() }),
    ),
    getFile: op(
      "A file's content (optionally a range), properties and metadata.",
      obj({
        ...pathRef,
        range: z
          .object({ start: z.number().int().min(0), end: z.number().int().min(0).optional() })
          .strict()
          .optional(),
      }),
      z.object({ body: z.instanceof(Uint8Array), properties: fileProperties, metadata }),
    ),
    getFileProperties: op(
      "A file's properties and metadata.",
      obj(pathRef),
      z.object({ properties: fileProperties, metadata }),
    ),
    setFileProperties: op(
      'Resizes a file or sets its content type.',
      obj({
        ...pathRef,
        size: z.number().int().min(0).optional(),
        contentType: z.string().max(256).optional(),
      }),
      z.object({ etag: z.string() }),
    ),
    getFileMetadata: op("A file's metadata.", obj(pathRef), z.object({ metadata, etag: z.string() })),
    setFileMetadata: op(
      "Replaces a file's metadata.",
      obj({ ...pathRef, metadata }),
      z.object({ etag: z.string() }),
    ),
    copyFile: op(
      'Copies a file within the account (re-encrypted under new keys).',
      obj({ ...pathRef, source: z.object({ share: shareNameSchema, path: filePathSchema }).strict() }),
      z.object({ copyId: z.string(), copyStatus: z.literal('success'), etag: z.string() }),
    ),
    renameFile: op(
      'Renames (moves) a file within its share.',
      obj({ ...pathRef, destination: filePathSchema, replaceIfExists: z.boolean().default(false) }),
      z.object({ etag: z.string() }),
    ),
    deleteFile: op('Deletes a file (proceeds during a revocation).', obj(pathRef), empty),
    createPermission: op(
      'Stores a security descriptor (SDDL) at share level and returns its key.',
      obj({
        ...shareRef,
        permission: z
          .string()
          .min(1)
          .max(8 * 1024),
      }),
      z.object({ permissionKey: z.string() }),
    ),
    getPermission: op(
      'A stored security descriptor by its key.',
      obj({ ...shareRef, permissionKey: z.string().min(1) }),
      z.object({ permission: z.string() }),
    ),

    createQueue: op(
      'Creates a queue.',
      obj({ account: accountNameSchema, queue: z.string().min(3).max(63), metadata: metadata.optional() }),
      empty,
    ),
    putMessage: op(
      'Adds a message (visibility timeout and time to live on the testbed clock).',
      obj({
        account: accountNameSchema,
        queue: z.string().min(1).max(63),
        text: z.string().max(64 * 1024),
        visibilitytimeout: z.number().int().min(0).max(604_800).default(0),
        messagettl: z.number().int().min(-1).default(604_800),
      }),
      queueMessage,
    ),
    getMessages: op(
      'Dequeues up to numofmessages visible messages, hiding them for visibilitytimeout seconds.',
      obj({
        account: accountNameSchema,
        queue: z.string().min(1).max(63),
        numofmessages: z.number().int().min(1).max(32).default(1),
        visibilitytimeout: z.number().int().min(1).max(604_800).default(30),
      }),
      z.object({
        messages: z.array(queueMessage.extend({ messageText: z.string(), dequeueCount: z.number().int() })),
      }),
    ),
    peekMessages: op(
      'Reads up to numofmessages visible messages without dequeuing them.',
      obj({
        account: accountNameSchema,
        queue: z.string().min(1).max(63),
        numofmessages: z.number().int().min(1).max(32).default(1),
      }),
      z.object({
        messages: z.array(
          z.object({ messageId: z.string(), messageText: z.string(), dequeueCount: z.number().int() }),
        ),
      }),
    ),
    deleteMessage: op(
      'Deletes a dequeued message by id and pop receipt.',
      obj({
        account: accountNameSchema,
        queue: z.string().min(1).max(63),
        messageId: z.string(),
        popReceipt: z.string(),
      }),
      empty,
    ),
    createTable: op(
      'Creates a table.',
      obj({ account: accountNameSchema, table: z.string().min(3).max(63) }),
      empty,
    ),
    insertEntity: op(
      'Inserts an entity.',
      obj({
        ...entityRef,
        properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
      }),
      z.object({ etag: z.string(), timestamp: z.string() }),
    ),
    getEntity: op('An entity by its keys.', obj(entityRef), tableEntity),
    queryEntities: op(
      'Entities of a table, optionally of one partition.',
      obj({
        account: accountNameSchema,
        table: z.string().min(1).max(63),
        partitionKey: z.string().optional(),
        top: z.number().int().min(1).max(1000).default(1000),
      }),
      z.object({ value: z.array(tableEntity) }),
    ),
    deleteEntity: op('Deletes an entity.', obj(entityRef), empty),
  },
});
