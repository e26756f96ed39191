import { z } from 'zod';

export const accountNameSchema = z
  .string()
  .min(3, 'must be 3 to 24 characters')
  .max(24, 'must be 3 to 24 characters')
  .regex(/^[a-z0-9]+$/, 'lowercase letters and digits only');

export const keyTypeSchema = z.enum(['Service', 'Account']);

/** An account's key vault properties as ARM reports them (the version is absent when it follows the latest). */
export const accountKeyVaultPropertiesSchema = z.object({
  keyname: z.string(),
  keyversion: z.string().optional(),
  keyvaulturi: z.string(),
  currentVersionedKeyIdentifier: z.string().optional(),
  lastKeyRotationTimestamp: z.string().optional(),
  currentVersionedKeyExpirationTimestamp: z.string().optional(),
});

/** The identity an account uses to reach its key: a user-assigned one, optionally through a federated app. */
export const encryptionIdentitySchema = z.object({
  userAssignedIdentity: z.string().optional(),
  federatedIdentityClientId: z.string().optional(),
});

/** ARM's `identity` of a storage account; `userAssignedIdentities` is keyed by the identity's ARM id. */
export const accountIdentitySchema = z
  .object({
    type: z.enum(['None', 'SystemAssigned', 'UserAssigned', 'SystemAssigned,UserAssigned']),
    principalId: z.string().optional(),
    tenantId: z.string().optional(),
    userAssignedIdentities: z
      .record(
        z.string(),
        z.object({ principalId: z.string().optional(), clientId: z.string().optional() }).passthrough(),
      )
      .optional(),
  })
  .passthrough();

/** ARM's `properties.encryption`, with Azure's lowercase Key Vault property names. */
export const accountEncryptionSchema = z
  .object({
    keySource: z
      .string()
      .transform((v) =>
        v.toLowerCase() === 'microsoft.keyvault'
          ? 'Microsoft.Keyvault'
          : v.toLowerCase() === 'microsoft.storage'
            ? 'Microsoft.Storage'
            : v,
      )
      .pipe(z.enum(['Microsoft.Storage', 'Microsoft.Keyvault']))
      .default('Microsoft.Storage'),
    requireInfrastructureEncryption: z.boolean().optional(),
    keyvaultproperties: z
      .object({
        keyname: z.string().optional(),
        keyversion: z.string().optional(),
        keyvaulturi: z.string().optional(),
        currentVersionedKeyIdentifier: z.string().optional(),
        lastKeyRotationTimestamp: z.string().optional(),
        currentVersionedKeyExpirationTimestamp: z.string().optional(),
      })
      .passthrough()
      .optional(),
    identity: z
      .object({
        userAssignedIdentity: z.string().optional(),
        federatedIdentityClientId: z.string().optional(),
      })
      .passthrough()
      .optional(),
    services: z
      .object({
        blob: z
          .object({ enabled: z.boolean().optional(), keyType: keyTypeSchema.optional() })
          .passthrough()
          .optional(),
        file: z
          .object({ enabled: z.boolean().optional(), keyType: keyTypeSchema.optional() })
          .passthrough()
          .optional(),
        queue: z
          .object({ enabled: z.boolean().optional(), keyType: keyTypeSchema.optional() })
          .passthrough()
          .optional(),
        table: z
          .object({ enabled: z.boolean().optional(), keyType: keyTypeSchema.optional() })
          .passthrough()
          .optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

export const storageAccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  location: z.string(),
  kind: z.string(),
  identity: z.object({
    type: z.string(),
    principalId: z.string().optional(),
    tenantId: z.string().optional(),
    userAssignedIdentities: z
      .record(z.string(), z.object({ principalId: z.string(), clientId: z.string() }))
      .optional(),
  }),
  properties: z.object({
    provisioningState: z.literal('Succeeded'),
    encryption: z.object({
      keySource: z.enum(['Microsoft.Storage', 'Microsoft.Keyvault']),
      requireInfrastructureEncryption: z.boolean(),
      keyvaultproperties: accountKeyVaultPropertiesSchema.optional(),
      identity: encryptionIdentitySchema.optional(),
      services: z.object({
        blob: z.object({ enabled: z.boolean(), keyType: keyTypeSchema }),
        file: z.object({ enabled: z.boolean(), keyType: keyTypeSchema }),
        queue: z.object({ enabled: z.boolean(), keyType: keyTypeSchema }),
        table: z.object({ enabled: z.boolean(), keyType: keyTypeSchema }),
      }),
    }),
  }),
});

export type StorageAccount = z.output<typeof storageAccountSchema>;
export type AccountEncryptionInput = z.input<typeof accountEncryptionSchema>;
