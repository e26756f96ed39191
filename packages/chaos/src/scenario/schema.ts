import { durationSchema, faultKindSchema } from '@cmk-testbed/shared';
import { z } from 'zod';

/**
 * The scenario file format (DESIGN.md §5): YAML or JSON, validated here so a bad file is refused with the
 * path and the reason before anything runs. Names in a scenario are symbolic: the runner gives each a
 * run-scoped real name, so scenarios never collide on one topology.
 */

/** A symbolic name: short enough to leave room for the run suffix inside Azure's 24-character limits. */
export const symbolSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'use lowercase letters, digits and hyphens, starting with a letter')
  .max(14, 'at most 14 characters (the run suffix must fit inside Azure name limits)');

const principalSchema = z.union([
  z.object({ identity: symbolSchema }).strict(),
  z.object({ systemAssignedOf: symbolSchema }).strict(),
  z.object({ app: symbolSchema, tenant: symbolSchema }).strict(),
]);

const tenantSpec = z.object({ name: symbolSchema, displayName: z.string().min(1).optional() }).strict();

const subscriptionSpec = z.object({ name: symbolSchema, tenant: symbolSchema }).strict();

const identitySpec = z
  .object({
    name: symbolSchema,
    tenant: symbolSchema,
    /** Default: the tenant's own subscription (made for every tenant). */
    subscription: symbolSchema.optional(),
  })
  .strict();

const federatedCredentialSpec = z
  .object({
    name: z.string().min(3).max(120),
    /** The user-assigned identity whose tokens the app accepts (issuer and subject derived from it). */
    identity: symbolSchema.optional(),
    /** Explicit values, to model a credential that was set up wrong. */
    issuer: z.string().min(1).optional(),
    subject: z.string().min(1).optional(),
    audiences: z.array(z.string().min(1)).optional(),
  })
  .strict()
  .refine((f) => f.identity !== undefined || (f.issuer !== undefined && f.subject !== undefined), {
    message: 'give `identity`, or both `issuer` and `subject`',
  });

const appSpec = z
  .object({
    name: symbolSchema,
    tenant: symbolSchema,
    multiTenant: z.boolean().default(false),
    federatedCredentials: z.array(federatedCredentialSpec).default([]),
  })
  .strict();

const servicePrincipalSpec = z.object({ app: symbolSchema, tenant: symbolSchema }).strict();

const vaultSpec = z
  .object({
    name: symbolSchema,
    tenant: symbolSchema,
    region: z.string().min(1),
    /** Azure's default is off; CMK needs it on. */
    purgeProtection: z.boolean().default(false),
    softDeleteRetentionInDays: z.number().int().min(7).max(90).optional(),
    authorization: z.enum(['rbac', 'accessPolicies']).default('rbac'),
    networkAcls: z
      .object({
        defaultAction: z.enum(['Allow', 'Deny']).optional(),
        bypass: z.enum(['AzureServices', 'None']).optional(),
        ipRules: z.array(z.string().min(1)).optional(),
        /** Subnet ARM ids. */
        virtualNetworkRules: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .optional(),
    publicNetworkAccess: z.enum(['Enabled', 'Disabled']).optional(),
  })
  .strict();

const keySpec = z
  .object({
    vault: symbolSchema,
    name: z.string().regex(/^[0-9a-zA-Z-]{1,127}$/, 'letters, digits and hyphens, 1 to 127 characters'),
    kty: z.enum(['RSA', 'RSA-HSM', 'EC', 'EC-HSM']).default('RSA'),
    size: z.number().int().optional(),
    curve: z.enum(['P-256', 'P-384', 'P-521']).optional(),
    enabled: z.boolean().optional(),
    /** Expiry and not-before: ISO 8601 instants, or durations from the testbed clock's now (`P30D`, `-P1D`). */
    exp: z.string().min(1).optional(),
    nbf: z.string().min(1).optional(),
  })
  .strict();

const accessSpec = z
  .object({
    vault: symbolSchema,
    principal: principalSchema,
    /** A built-in role (RBAC vaults), at vault scope or on one key. */
    role: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    /** Key permissions (access-policy vaults). */
    permissions: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict()
  .refine((a) => (a.role === undefined) !== (a.permissions === undefined), {
    message: 'give either `role` (RBAC vault) or `permissions` (access-policy vault)',
  });

/** An account's identity and encryption as in ARM, with symbolic names where ARM has ids. */
export const accountIdentitySpec = z
  .object({
    type: z.enum(['None', 'SystemAssigned', 'UserAssigned', 'SystemAssigned,UserAssigned']),
    userAssignedIdentities: z.array(symbolSchema).optional(),
  })
  .strict();

const serviceKeySpec = z
  .object({ enabled: z.boolean().optional(), keyType: z.enum(['Service', 'Account']).optional() })
  .strict()
  .optional();

export const accountEncryptionSpec = z
  .object({
    keySource: z.enum(['Microsoft.Storage', 'Microsoft.Keyvault']),
    keyvaultproperties: z
      .object({
        /** `https://<vault>.vault.azure.net` with the symbolic vault name. */
        keyvaulturi: z.string().min(1),
        keyname: z.string().min(1),
        keyversion: z.string().optional(),
      })
      .strict()
      .optional(),
    identity: z
      .object({
        /** A symbolic user-assigned identity. */
        userAssignedIdentity: symbolSchema.optional(),
        /** A symbolic multi-tenant app: the cross-tenant (federated) setup. */
        federatedIdentityClientId: symbolSchema.optional(),
      })
      .strict()
      .optional(),
    /** queue/table `keyType: Account` puts their data under the CMK too (creation only). */
    services: z
      .object({ blob: serviceKeySpec, file: serviceKeySpec, queue: serviceKeySpec, table: serviceKeySpec })
      .strict()
      .optional(),
    requireInfrastructureEncryption: z.boolean().optional(),
  })
  .strict();

export const accountSpec = z
  .object({
    name: symbolSchema,
    tenant: symbolSchema,
    subscription: symbolSchema.optional(),
    region: z.string().min(1),
    kind: z.string().optional(),
    identity: accountIdentitySpec.optional(),
    encryption: accountEncryptionSpec.optional(),
  })
  .strict();

const setupSchema = z
  .object({
    tenants: z.array(tenantSpec).default([]),
    subscriptions: z.array(subscriptionSpec).default([]),
    identities: z.array(identitySpec).default([]),
    apps: z.array(appSpec).default([]),
    servicePrincipals: z.array(servicePrincipalSpec).default([]),
    vaults: z.array(vaultSpec).default([]),
    keys: z.array(keySpec).default([]),
    access: z.array(accessSpec).default([]),
    accounts: z.array(accountSpec).default([]),
  })
  .strict();

export const stepServices = ['storage', 'keyvault', 'entra', 'chaos', 'clock'] as const;

export const expectSchema = z
  .object({
    status: z.number().int().min(200).max(599).optional(),
    code: z.string().min(1).optional(),
    innerCode: z.string().min(1).optional(),
    /** The whole reply, deep-equal. */
    body: z.unknown().optional(),
    /** A partial deep match of the reply (or of the error, when one is expected). */
    match: z.unknown().optional(),
    /** Retry (in real time) until the expectation holds or this much time has passed. */
    within: durationSchema.optional(),
  })
  .strict();

export const stepSchema = z
  .object({
    do: z
      .string()
      .regex(
        new RegExp(`^(${stepServices.join('|')})\\.[a-zA-Z]+$`),
        `<service>.<operation> with service one of ${stepServices.join(', ')}`,
      ),
    /** Optional label for reports. */
    name: z.string().min(1).optional(),
    with: z.record(z.string(), z.unknown()).default({}),
    /** keyvault steps: the principal whose real token is used (default: the vault's administrator). */
    as: principalSchema.optional(),
    expect: expectSchema.optional(),
    /** How long to wait for the reply (default PT10S); the callee gives up at the same deadline. */
    timeout: durationSchema.optional(),
    /** `{ variable: path.in.reply }`: later steps use `${variable}`. */
    save: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/), z.string().min(1)).optional(),
  })
  .strict();

export const scenarioSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'kebab-case')
      .max(80),
    /** What the scenario proves, citing the document line (seed file and quote, or DESIGN.md section). */
    description: z.string().min(1),
    profile: z.enum(['current', 'legacy-2020']).default('current'),
    setup: setupSchema.default({
      tenants: [],
      subscriptions: [],
      identities: [],
      apps: [],
      servicePrincipals: [],
      vaults: [],
      keys: [],
      access: [],
      accounts: [],
    }),
    steps: z.array(stepSchema).min(1),
  })
  .strict();

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioStep = z.output<typeof stepSchema>;
export type ScenarioSetup = z.output<typeof setupSchema>;
export type StepExpect = z.output<typeof expectSchema>;
export type PrincipalRef = z.output<typeof principalSchema>;
export type AccountSpec = z.output<typeof accountSpec>;
export type VaultSpec = z.output<typeof vaultSpec>;
export type KeySpec = z.output<typeof keySpec>;

/** Kind names, re-exported for the validation of `chaos.inject` steps. */
export const faultKinds = faultKindSchema.options;
