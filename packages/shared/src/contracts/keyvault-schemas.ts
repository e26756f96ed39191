import { z } from 'zod';
import { guidSchema } from './azure-ids.js';

/** Vault names: 3–24 characters, letters, digits and hyphens, starting with a letter (Azure's rule). */
export const vaultNameSchema = z
  .string()
  .min(3, 'must be 3 to 24 characters')
  .max(24, 'must be 3 to 24 characters')
  .regex(
    /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]*[a-zA-Z0-9]$/,
    'letters, digits and single hyphens, starting with a letter',
  )
  .transform((v) => v.toLowerCase());

/** Key names: `^[0-9a-zA-Z-]+$`, at most 127 characters. */
export const keyNameSchema = z
  .string()
  .min(1)
  .max(127)
  .regex(/^[0-9a-zA-Z-]+$/, 'letters, digits and - only');

/** Key versions are 32 lowercase hex characters. */
export const keyVersionSchema = z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 hex characters');

export const ktySchema = z.enum(['RSA', 'RSA-HSM', 'EC', 'EC-HSM']);
export const keyOpSchema = z.enum([
  'encrypt',
  'decrypt',
  'sign',
  'verify',
  'wrapKey',
  'unwrapKey',
  'import',
  'export',
]);
export const encryptionAlgorithmSchema = z.enum(['RSA-OAEP', 'RSA-OAEP-256', 'RSA1_5']);
export const signatureAlgorithmSchema = z.enum([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'ES256K',
]);

export const networkAclsSchema = z
  .object({
    defaultAction: z.enum(['Allow', 'Deny']).default('Allow'),
    bypass: z.enum(['AzureServices', 'None']).default('AzureServices'),
    ipRules: z.array(z.object({ value: z.string() }).strict()).default([]),
    virtualNetworkRules: z
      .array(z.object({ id: z.string(), ignoreMissingVnetServiceEndpoint: z.boolean().optional() }).strict())
      .default([]),
  })
  .strict();

export const accessPolicySchema = z
  .object({
    tenantId: guidSchema,
    objectId: z.string().min(1),
    permissions: z.object({ keys: z.array(z.string()).default([]) }).strict(),
  })
  .strict();

/** Vault properties in ARM's shape (the parts the testbed models). */
export const vaultPropertiesSchema = z.object({
  tenantId: z.string(),
  sku: z.object({ family: z.literal('A'), name: z.enum(['standard', 'premium']) }),
  enableSoftDelete: z.literal(true),
  softDeleteRetentionInDays: z.number().int(),
  enablePurgeProtection: z.boolean(),
  enableRbacAuthorization: z.boolean(),
  publicNetworkAccess: z.enum(['Enabled', 'Disabled']),
  networkAcls: networkAclsSchema,
  accessPolicies: z.array(accessPolicySchema),
  vaultUri: z.string(),
});

export const vaultSchema = z.object({
  id: z.string(),
  name: z.string(),
  location: z.string(),
  properties: vaultPropertiesSchema,
});

export const deletedVaultSchema = z.object({
  id: z.string(),
  name: z.string(),
  properties: z.object({
    vaultId: z.string(),
    location: z.string(),
    deletionDate: z.string(),
    scheduledPurgeDate: z.string(),
    purgeProtectionEnabled: z.boolean(),
  }),
});

/** A Key Vault JsonWebKey: public parts only, ever. */
export const jsonWebKeySchema = z.object({
  kid: z.string(),
  kty: ktySchema,
  key_ops: z.array(z.string()),
  n: z.string().optional(),
  e: z.string().optional(),
  crv: z.string().optional(),
  x: z.string().optional(),
  y: z.string().optional(),
});

export const keyAttributesSchema = z.object({
  enabled: z.boolean(),
  nbf: z.number().int().optional(),
  exp: z.number().int().optional(),
  created: z.number().int(),
  updated: z.number().int(),
  recoverableDays: z.number().int(),
  recoveryLevel: z.string(),
  exportable: z.boolean(),
});

export const keyBundleSchema = z.object({
  key: jsonWebKeySchema,
  attributes: keyAttributesSchema,
  tags: z.record(z.string(), z.string()).optional(),
});

export const deletedKeyBundleSchema = keyBundleSchema.extend({
  recoveryId: z.string(),
  deletedDate: z.number().int(),
  scheduledPurgeDate: z.number().int(),
});

export const keyItemSchema = z.object({
  kid: z.string(),
  attributes: keyAttributesSchema,
  tags: z.record(z.string(), z.string()).optional(),
});

export const lifetimeActionSchema = z
  .object({
    trigger: z
      .object({ timeAfterCreate: z.string().optional(), timeBeforeExpiry: z.string().optional() })
      .strict()
      .refine((t) => (t.timeAfterCreate === undefined) !== (t.timeBeforeExpiry === undefined), {
        message: 'exactly one of timeAfterCreate and timeBeforeExpiry',
      }),
    action: z.object({ type: z.enum(['Rotate', 'Notify']) }).strict(),
  })
  .strict();

export const rotationPolicySchema = z.object({
  id: z.string(),
  lifetimeActions: z.array(lifetimeActionSchema),
  attributes: z.object({
    expiryTime: z.string().optional(),
    created: z.number().int(),
    updated: z.number().int(),
  }),
});

export const roleAssignmentSchema = z.object({
  id: z.string(),
  principalId: z.string(),
  roleDefinitionId: z.string(),
  roleName: z.string(),
  /** `/` for the whole vault, or `/keys/<name>`. */
  scope: z.string(),
  createdAt: z.number(),
});

export const auditEntrySchema = z.object({
  time: z.number(),
  vault: z.string(),
  operation: z.string(),
  keyId: z.string().optional(),
  caller: z.object({
    oid: z.string().optional(),
    appid: z.string().optional(),
    tid: z.string().optional(),
    ip: z.string(),
  }),
  status: z.number().int(),
  code: z.string().optional(),
  durationMs: z.number(),
  requestId: z.string(),
});

export type NetworkAcls = z.output<typeof networkAclsSchema>;
export type AccessPolicy = z.output<typeof accessPolicySchema>;
export type Vault = z.output<typeof vaultSchema>;
export type DeletedVault = z.output<typeof deletedVaultSchema>;
export type JsonWebKey = z.output<typeof jsonWebKeySchema>;
export type KeyAttributes = z.output<typeof keyAttributesSchema>;
export type KeyBundle = z.output<typeof keyBundleSchema>;
export type DeletedKeyBundle = z.output<typeof deletedKeyBundleSchema>;
export type RotationPolicy = z.output<typeof rotationPolicySchema>;
export type RoleAssignment = z.output<typeof roleAssignmentSchema>;
export type AuditEntry = z.output<typeof auditEntrySchema>;
