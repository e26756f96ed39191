import {
  accountKeyVaultPropertiesSchema,
  encryptionIdentitySchema,
  keyTypeSchema,
} from '@cmk-testbed/shared';
import { z } from 'zod';

/** The account encryption key, wrapped: by the platform key, or by the customer's vault key. */
export const wrappedAccountKeySchema = z.discriminatedUnion('by', [
  z.object({ by: z.literal('platform'), value: z.string() }),
  z.object({ by: z.literal('vault'), value: z.string(), kid: z.string(), alg: z.literal('RSA-OAEP') }),
]);

export const storedAccountSchema = z.object({
  name: z.string(),
  subscriptionId: z.string(),
  resourceGroup: z.string(),
  location: z.string(),
  kind: z.string(),
  identity: z.object({
    systemAssigned: z
      .object({ principalId: z.string(), tenantId: z.string(), clientId: z.string() })
      .optional(),
    userAssigned: z.array(
      z.object({ id: z.string(), principalId: z.string(), clientId: z.string(), tenantId: z.string() }),
    ),
  }),
  encryption: z.object({
    keySource: z.enum(['Microsoft.Storage', 'Microsoft.Keyvault']),
    requireInfrastructureEncryption: z.boolean(),
    keyvault: accountKeyVaultPropertiesSchema.optional(),
    identity: encryptionIdentitySchema.optional(),
    keyTypes: z.object({ queue: keyTypeSchema, table: keyTypeSchema }),
  }),
  wrappedKey: wrappedAccountKeySchema,
  /** The fidelity profile its CMK configuration is validated by, when not the node's (testbed-only). */
  profile: z.enum(['current', 'legacy-2020']).optional(),
  createdAt: z.number(),
});

export const storedContainerSchema = z.object({
  name: z.string(),
  etag: z.string(),
  lastModified: z.number(),
  metadata: z.record(z.string(), z.string()),
});

/**
 * One encrypted piece of a blob's content: a whole Put Blob body, a block, or an appended block. Its chunks
 * live in the data bucket under `objectId`, encrypted under its own data key, wrapped by the account key.
 */
export const segmentSchema = z.object({
  objectId: z.string(),
  length: z.number().int(),
  wrappedDataKey: z.string(),
  noncePrefix: z.string(),
  chunkSize: z.number().int(),
  chunkCount: z.number().int(),
  /** The block id (base64) for block blobs. */
  blockId: z.string().optional(),
});

/** A blob's index entry: properties in clear, content as encrypted segments, metadata sealed separately. */
export const storedBlobSchema = z.object({
  name: z.string(),
  etag: z.string(),
  lastModified: z.number(),
  contentLength: z.number().int(),
  contentType: z.string(),
  blobType: z.enum(['BlockBlob', 'AppendBlob', 'PageBlob']),
  accessTier: z.string(),
  /** Stable id of this blob version: the associated data of its metadata seal. */
  blobId: z.string(),
  segments: z.array(segmentSchema),
  /** Page blobs: writes placed at 512-byte-aligned offsets of a fixed size (zeros where unwritten). */
  pages: z.array(segmentSchema.extend({ offset: z.number().int() })).optional(),
  /** User metadata under its own key wrapped by the account key (absent: no metadata); names are hidden too. */
  metadata: z.object({ wrappedKey: z.string(), sealed: z.string() }).optional(),
  /** Set on a snapshot: its time stamp (the blob's own name stays `name`). */
  snapshot: z.string().optional(),
  lease: z
    .object({ id: z.string(), state: z.enum(['leased', 'broken']), expiresAt: z.number().optional() })
    .optional(),
});

export const storedShareSchema = z.object({
  name: z.string(),
  etag: z.string(),
  lastModified: z.number(),
  quota: z.number().int(),
  metadata: z.record(z.string(), z.string()),
});

/** A directory or file of a share, keyed by its path; file content is range writes placed at offsets. */
export const fileNodeSchema = z.object({
  kind: z.enum(['directory', 'file']),
  path: z.string(),
  etag: z.string(),
  lastModified: z.number(),
  /** Stable id: associated data of the metadata seal (a rename keeps it). */
  nodeId: z.string(),
  metadata: z.object({ wrappedKey: z.string(), sealed: z.string() }).optional(),
  size: z.number().int().optional(),
  contentType: z.string().optional(),
  ranges: z.array(segmentSchema.extend({ offset: z.number().int() })).optional(),
});

/** A security descriptor, sealed under the account key (Get Permission needs the key). */
export const storedPermissionSchema = z.object({
  key: z.string(),
  wrappedKey: z.string(),
  sealed: z.string(),
});

/** Queue message or table entity content: sealed under a data key wrapped by the account key (keyType Account) or by the platform key (keyType Service). */
export const sealedValueSchema = z.object({
  by: z.enum(['account', 'platform']),
  wrappedKey: z.string(),
  sealed: z.string(),
});

export const storedQueueSchema = z.object({ name: z.string(), metadata: z.record(z.string(), z.string()) });

export const storedMessageSchema = z.object({
  messageId: z.string(),
  insertionTime: z.number(),
  expirationTime: z.number(),
  visibleAt: z.number(),
  dequeueCount: z.number().int(),
  popReceipt: z.string(),
  text: sealedValueSchema,
});

export const storedTableSchema = z.object({ name: z.string() });

export const storedEntitySchema = z.object({
  partitionKey: z.string(),
  rowKey: z.string(),
  timestamp: z.number(),
  etag: z.string(),
  properties: sealedValueSchema,
});

/** Blocks staged with Put Block and not yet committed, per blob. */
export const stagedBlocksSchema = z.object({ blob: z.string(), blocks: z.array(segmentSchema) });

export type StoredAccount = z.output<typeof storedAccountSchema>;
export type StoredContainer = z.output<typeof storedContainerSchema>;
export type StoredBlob = z.output<typeof storedBlobSchema>;
export type Segment = z.output<typeof segmentSchema>;
export type StagedBlocks = z.output<typeof stagedBlocksSchema>;
export type StoredShare = z.output<typeof storedShareSchema>;
export type FileNode = z.output<typeof fileNodeSchema>;
export type StoredPermission = z.output<typeof storedPermissionSchema>;
export type SealedValue = z.output<typeof sealedValueSchema>;
export type StoredQueue = z.output<typeof storedQueueSchema>;
export type StoredMessage = z.output<typeof storedMessageSchema>;
export type StoredTable = z.output<typeof storedTableSchema>;
export type StoredEntity = z.output<typeof storedEntitySchema>;
export type WrappedAccountKey = z.output<typeof wrappedAccountKeySchema>;
