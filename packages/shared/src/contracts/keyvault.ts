import { z } from 'zod';
import { defineContract } from '../rpc/contract.js';
import { armNameSchema, guidSchema } from './azure-ids.js';
import { commonOperations } from './common.js';
import { empty, obj, op } from './contract-helpers.js';
import {
  accessPolicySchema,
  auditEntrySchema,
  deletedKeyBundleSchema,
  deletedVaultSchema,
  encryptionAlgorithmSchema,
  keyBundleSchema,
  keyItemSchema,
  keyNameSchema,
  keyOpSchema,
  keyVersionSchema,
  ktySchema,
  lifetimeActionSchema,
  networkAclsSchema,
  roleAssignmentSchema,
  rotationPolicySchema,
  signatureAlgorithmSchema,
  vaultNameSchema,
  vaultSchema,
} from './keyvault-schemas.js';

const bytes = z.instanceof(Uint8Array, { message: 'must be bytes' });
const tags = z
  .record(z.string().max(256), z.string().max(256))
  .refine((t) => Object.keys(t).length <= 15, 'at most 15 tags');
const epochSeconds = z.number().int().nonnegative();

/** Data-plane requests carry the caller's bearer token, as the `Authorization` header of Key Vault's REST API. */
const dataPlane = { vault: vaultNameSchema, authorization: z.string().max(16_384).optional() };
const keyRef = { ...dataPlane, name: keyNameSchema, version: keyVersionSchema.optional() };

const settableAttributes = obj({
  enabled: z.boolean().optional(),
  nbf: epochSeconds.optional(),
  exp: epochSeconds.optional(),
});

/**
 * updateKey's attributes: as at creation, and `null` removes `nbf` or `exp` (a JSON merge patch; testbed
 * choice, not confirmed against Key Vault), so a key can be made to never expire again.
 */
const updatableAttributes = obj({
  enabled: z.boolean().optional(),
  nbf: epochSeconds.nullable().optional(),
  exp: epochSeconds.nullable().optional(),
});

/**
 * Azure Key Vault of one region. Control-plane operations (vaults, role assignments, access policies) act
 * as ARM does, without a data-plane token; data-plane operations (keys, crypto) carry `authorization` and go
 * through Key Vault's checks: token, firewall, permission, object state, throttling.
 */
export const keyvaultContract = defineContract({
  service: 'keyvault',
  scope: 'region',
  version: '0.2.0',
  operations: {
    ...commonOperations,
    createVault: op(
      'Creates a vault in this region (soft delete is always on).',
      obj({
        name: vaultNameSchema,
        tenantId: guidSchema,
        subscriptionId: guidSchema.optional(),
        resourceGroup: armNameSchema.default('rg-keyvault'),
        location: z.string().min(1),
        sku: z.enum(['standard', 'premium']).default('standard'),
        softDeleteRetentionInDays: z
          .number()
          .int()
          .min(7, 'must be 7 to 90')
          .max(90, 'must be 7 to 90')
          .default(90),
        enablePurgeProtection: z.boolean().default(false),
        enableRbacAuthorization: z.boolean().default(true),
        publicNetworkAccess: z.enum(['Enabled', 'Disabled']).default('Enabled'),
        networkAcls: networkAclsSchema.default({
          defaultAction: 'Allow',
          bypass: 'AzureServices',
          ipRules: [],
          virtualNetworkRules: [],
        }),
        accessPolicies: z.array(accessPolicySchema).max(1024).default([]),
      }),
      vaultSchema,
    ),
    getVault: op('A vault of this region.', obj({ name: vaultNameSchema }), vaultSchema),
    listVaults: op('The vaults of this region.', obj({}), z.object({ vaults: z.array(vaultSchema) })),
    updateVault: op(
      'Changes vault properties. Purge protection cannot be turned off; retention is fixed at creation.',
      obj({
        name: vaultNameSchema,
        enablePurgeProtection: z.boolean().optional(),
        enableRbacAuthorization: z.boolean().optional(),
        publicNetworkAccess: z.enum(['Enabled', 'Disabled']).optional(),
        networkAcls: networkAclsSchema.optional(),
      }),
      vaultSchema,
    ),
    deleteVault: op('Soft-deletes a vault.', obj({ name: vaultNameSchema }), empty),
    getDeletedVault: op('A soft-deleted vault.', obj({ name: vaultNameSchema }), deletedVaultSchema),
    recoverDeletedVault: op(
      'Recovers a soft-deleted vault. Its role assignments are not restored, as in Azure.',
      obj({ name: vaultNameSchema }),
      vaultSchema,
    ),
    purgeDeletedVault: op(
      'Purges a soft-deleted vault (refused under purge protection).',
      obj({ name: vaultNameSchema }),
      empty,
    ),
    resolveVault: op(
      'Where a vault lives, answered by any region (a vault URL resolves globally in Azure).',
      obj({ name: vaultNameSchema }),
      z.object({
        name: z.string(),
        location: z.string(),
        tenantId: z.string(),
        vaultUri: z.string(),
        deleted: z.boolean(),
        enablePurgeProtection: z.boolean(),
        softDeleteRetentionInDays: z.number().int(),
      }),
    ),

    assignRole: op(
      'Assigns a built-in Key Vault role to a principal at vault or key scope.',
      obj({
        vault: vaultNameSchema,
        principalId: z.string().min(1),
        role: z.string().min(1),
        key: keyNameSchema.optional(),
      }),
      roleAssignmentSchema,
    ),
    removeRoleAssignment: op(
      'Removes a role assignment by id.',
      obj({ vault: vaultNameSchema, id: z.string().min(1) }),
      empty,
    ),
    listRoleAssignments: op(
      'The role assignments of a vault.',
      obj({ vault: vaultNameSchema }),
      z.object({ roleAssignments: z.array(roleAssignmentSchema) }),
    ),
    setAccessPolicy: op(
      'Adds or replaces the access policy of a principal (access-policy vaults).',
      obj({ vault: vaultNameSchema, policy: accessPolicySchema }),
      vaultSchema,
    ),
    removeAccessPolicy: op(
      'Removes the access policy of a principal.',
      obj({ vault: vaultNameSchema, objectId: z.string().min(1) }),
      vaultSchema,
    ),

    createKey: op(
      'Creates a key, or a new version of an existing one.',
      obj({
        ...dataPlane,
        name: keyNameSchema,
        kty: ktySchema,
        key_size: z.union([z.literal(2048), z.literal(3072), z.literal(4096)]).optional(),
        crv: z.enum(['P-256', 'P-384', 'P-521', 'P-256K']).optional(),
        key_ops: z.array(keyOpSchema).optional(),
        attributes: settableAttributes.optional(),
        tags: tags.optional(),
      }),
      keyBundleSchema,
    ),
    importKey: op(
      'Imports key material (a JsonWebKey with private parts) as a new version.',
      obj({
        ...dataPlane,
        name: keyNameSchema,
        key: z.record(z.string(), z.unknown()),
        hsm: z.boolean().optional(),
        attributes: settableAttributes.optional(),
        tags: tags.optional(),
      }),
      keyBundleSchema,
    ),
    getKey: op('A key: the latest version, or the one named.', obj(keyRef), keyBundleSchema),
    listKeys: op('The keys of a vault.', obj(dataPlane), z.object({ value: z.array(keyItemSchema) })),
    listKeyVersions: op(
      'The versions of a key.',
      obj({ ...dataPlane, name: keyNameSchema }),
      z.object({ value: z.array(keyItemSchema) }),
    ),
    updateKey: op(
      'Changes attributes, key_ops or tags of a key version (the latest when none is named).',
      obj({
        ...keyRef,
        key_ops: z.array(keyOpSchema).optional(),
        attributes: updatableAttributes.optional(),
        tags: tags.optional(),
      }),
      keyBundleSchema,
    ),
    deleteKey: op(
      'Soft-deletes a key with all its versions.',
      obj({ ...dataPlane, name: keyNameSchema }),
      deletedKeyBundleSchema,
    ),
    getDeletedKey: op(
      'A soft-deleted key.',
      obj({ ...dataPlane, name: keyNameSchema }),
      deletedKeyBundleSchema,
    ),
    listDeletedKeys: op(
      'The soft-deleted keys of a vault.',
      obj(dataPlane),
      z.object({
        value: z.array(
          keyItemSchema.extend({
            recoveryId: z.string(),
            deletedDate: z.number(),
            scheduledPurgeDate: z.number(),
          }),
        ),
      }),
    ),
    recoverDeletedKey: op(
      'Recovers a soft-deleted key.',
      obj({ ...dataPlane, name: keyNameSchema }),
      keyBundleSchema,
    ),
    purgeDeletedKey: op(
      'Purges a soft-deleted key (refused under purge protection until its scheduled purge date).',
      obj({ ...dataPlane, name: keyNameSchema }),
      empty,
    ),
    rotateKey: op(
      'Creates a new version with the same parameters.',
      obj({ ...dataPlane, name: keyNameSchema }),
      keyBundleSchema,
    ),
    getKeyRotationPolicy: op(
      'The rotation policy of a key.',
      obj({ ...dataPlane, name: keyNameSchema }),
      rotationPolicySchema,
    ),
    updateKeyRotationPolicy: op(
      'Sets the rotation policy of a key (evaluated on the testbed clock).',
      obj({
        ...dataPlane,
        name: keyNameSchema,
        lifetimeActions: z.array(lifetimeActionSchema).max(2),
        attributes: obj({ expiryTime: z.string().optional() }).optional(),
      }),
      rotationPolicySchema,
    ),

    wrapKey: op(
      'Wraps a symmetric key with the public key.',
      obj({ ...keyRef, alg: encryptionAlgorithmSchema, value: bytes }),
      z.object({ kid: z.string(), value: bytes }),
    ),
    unwrapKey: op(
      'Unwraps a wrapped key with the private key.',
      obj({ ...keyRef, alg: encryptionAlgorithmSchema, value: bytes }),
      z.object({ kid: z.string(), value: bytes }),
    ),
    encrypt: op(
      'Encrypts a small value.',
      obj({ ...keyRef, alg: encryptionAlgorithmSchema, value: bytes }),
      z.object({ kid: z.string(), value: bytes }),
    ),
    decrypt: op(
      'Decrypts a small value.',
      obj({ ...keyRef, alg: encryptionAlgorithmSchema, value: bytes }),
      z.object({ kid: z.string(), value: bytes }),
    ),
    sign: op(
      'Signs a digest.',
      obj({ ...keyRef, alg: signatureAlgorithmSchema, value: bytes }),
      z.object({ kid: z.string(), value: bytes }),
    ),
    verify: op(
      'Verifies a signature of a digest.',
      obj({ ...keyRef, alg: signatureAlgorithmSchema, digest: bytes, value: bytes }),
      z.object({ value: z.boolean() }),
    ),

    getAuditLog: op(
      "The audit log of a vault's data-plane calls, oldest first.",
      obj({ vault: vaultNameSchema, limit: z.number().int().min(1).max(10_000).default(1000) }),
      z.object({ entries: z.array(auditEntrySchema) }),
    ),
  },
});
