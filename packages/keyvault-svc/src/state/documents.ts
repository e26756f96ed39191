import { accessPolicySchema, lifetimeActionSchema, networkAclsSchema } from '@cmk-testbed/shared';
import { z } from 'zod';

/** A vault as stored: ARM's properties plus where it lives and, once deleted, its soft-delete dates. */
export const storedVaultSchema = z.object({
  name: z.string(),
  location: z.string(),
  tenantId: z.string(),
  subscriptionId: z.string(),
  resourceGroup: z.string(),
  sku: z.enum(['standard', 'premium']),
  softDeleteRetentionInDays: z.number().int(),
  enablePurgeProtection: z.boolean(),
  enableRbacAuthorization: z.boolean(),
  publicNetworkAccess: z.enum(['Enabled', 'Disabled']),
  networkAcls: networkAclsSchema,
  accessPolicies: z.array(accessPolicySchema),
  createdAt: z.number(),
  deleted: z
    .object({
      deletionDate: z.number(),
      scheduledPurgeDate: z.number(),
      /** Set before a purge deletes the vault's keys: from then on the vault cannot be recovered. */
      purging: z.boolean().optional(),
    })
    .optional(),
});

/** Private key material sealed with AES-256-GCM under the service master key (see crypto/seal-private-key). */
export const sealedSchema = z.object({ iv: z.string(), tag: z.string(), ciphertext: z.string() });

export const publicJwkSchema = z.object({
  kty: z.enum(['RSA', 'EC']),
  n: z.string().optional(),
  e: z.string().optional(),
  crv: z.string().optional(),
  x: z.string().optional(),
  y: z.string().optional(),
});

export const storedKeyVersionSchema = z.object({
  version: z.string(),
  kty: z.enum(['RSA', 'RSA-HSM', 'EC', 'EC-HSM']),
  keySize: z.number().int().optional(),
  curve: z.string().optional(),
  sealed: sealedSchema,
  publicJwk: publicJwkSchema,
  keyOps: z.array(z.string()),
  enabled: z.boolean(),
  /** Epoch seconds, as Key Vault's attributes. */
  nbf: z.number().int().optional(),
  exp: z.number().int().optional(),
  created: z.number().int(),
  updated: z.number().int(),
  tags: z.record(z.string(), z.string()).optional(),
});

/** A key with every version (newest last), its rotation policy, and its soft-delete state. */
export const storedKeySchema = z.object({
  vault: z.string(),
  name: z.string(),
  versions: z.array(storedKeyVersionSchema),
  rotationPolicy: z
    .object({
      id: z.string(),
      lifetimeActions: z.array(lifetimeActionSchema),
      expiryTime: z.string().optional(),
      created: z.number().int(),
      updated: z.number().int(),
    })
    .optional(),
  deleted: z.object({ deletedDate: z.number().int(), scheduledPurgeDate: z.number().int() }).optional(),
});

export const storedRoleAssignmentSchema = z.object({
  id: z.string(),
  principalId: z.string(),
  roleDefinitionId: z.string(),
  roleName: z.string(),
  scope: z.string(),
  createdAt: z.number(),
  /** Kept after removal so the propagation delay applies both ways. */
  removedAt: z.number().optional(),
});

export const vaultRolesSchema = z.object({
  vault: z.string(),
  assignments: z.array(storedRoleAssignmentSchema),
});

export type StoredVault = z.output<typeof storedVaultSchema>;
export type StoredKey = z.output<typeof storedKeySchema>;
export type StoredKeyVersion = z.output<typeof storedKeyVersionSchema>;
export type StoredRoleAssignment = z.output<typeof storedRoleAssignmentSchema>;
export type VaultRoles = z.output<typeof vaultRolesSchema>;
