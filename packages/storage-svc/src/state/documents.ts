import { z } from 'zod';

const keyType = z.enum(['Service', 'Account']);

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
    keyvault: z
      .object({
        keyname: z.string(),
        keyversion: z.string().optional(),
        keyvaulturi: z.string(),
        currentVersionedKeyIdentifier: z.string().optional(),
        lastKeyRotationTimestamp: z.string().optional(),
        currentVersionedKeyExpirationTimestamp: z.string().optional(),
      })
      .optional(),
    identity: z
      .object({
        userAssignedIdentity: z.string().optional(),
        federatedIdentityClientId: z.string().optional(),
      })
      .optional(),
    keyTypes: z.object({ queue: keyType, table: keyType }),
  }),
  wrappedKey: wrappedAccountKeySchema,
  createdAt: z.number(),
});

export const storedContainerSchema = z.object({
  name: z.string(),
  etag: z.string(),
  lastModified: z.number(),
  metadata: z.record(z.string(), z.string()),
});

/** A blob's index entry; its content chunks live in the data bucket under `objectId`. */
export const storedBlobSchema = z.object({
  name: z.string(),
  etag: z.string(),
  lastModified: z.number(),
  contentLength: z.number().int(),
  contentType: z.string(),
  blobType: z.enum(['BlockBlob', 'AppendBlob', 'PageBlob']),
  accessTier: z.string(),
  objectId: z.string(),
  /** The object's data key, wrapped by the account key (base64). */
  wrappedDataKey: z.string(),
  noncePrefix: z.string(),
  chunkSize: z.number().int(),
  chunkCount: z.number().int(),
  /** User metadata, encrypted under the data key (base64); its names are not visible either. */
  encryptedMetadata: z.string(),
  /** Set on a snapshot: its time stamp (the blob's own name stays `name`). */
  snapshot: z.string().optional(),
  lease: z
    .object({ id: z.string(), state: z.enum(['leased', 'broken']), expiresAt: z.number().optional() })
    .optional(),
});

export type StoredAccount = z.output<typeof storedAccountSchema>;
export type StoredContainer = z.output<typeof storedContainerSchema>;
export type StoredBlob = z.output<typeof storedBlobSchema>;
export type WrappedAccountKey = z.output<typeof wrappedAccountKeySchema>;
