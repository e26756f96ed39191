import { z } from 'zod';
import { armIdSchema, guidSchema } from './azure-ids.js';

/** Audience of the managed-identity token used as a federated client assertion. */
export const tokenExchangeAudience = 'api://AzureADTokenExchange';

export const tenantSchema = z.object({
  tenantId: z.string(),
  displayName: z.string(),
  createdAt: z.number(),
});

export const subscriptionSchema = z.object({
  subscriptionId: z.string(),
  tenantId: z.string(),
  displayName: z.string(),
});

export const userAssignedIdentitySchema = z.object({
  id: z.string(),
  name: z.string(),
  resourceGroup: z.string(),
  subscriptionId: z.string(),
  /** The tenant the identity was created in; a subscription move does not change it. */
  tenantId: z.string(),
  principalId: z.string(),
  clientId: z.string(),
  createdAt: z.number(),
});

export const systemAssignedIdentitySchema = z.object({
  resourceId: z.string(),
  tenantId: z.string(),
  principalId: z.string(),
  clientId: z.string(),
  createdAt: z.number(),
});

export const applicationSchema = z.object({
  appId: z.string(),
  objectId: z.string(),
  /** Home tenant of the registration. */
  tenantId: z.string(),
  displayName: z.string(),
  signInAudience: z.enum(['AzureADMyOrg', 'AzureADMultipleOrgs']),
  createdAt: z.number(),
});

export const federatedCredentialSchema = z.object({
  id: z.string(),
  name: z.string(),
  issuer: z.string(),
  subject: z.string(),
  audiences: z.array(z.string()),
  description: z.string().optional(),
});

export const clientSecretInfoSchema = z.object({
  keyId: z.string(),
  displayName: z.string(),
  /** The first three characters of the secret, as the portal shows them. */
  hint: z.string(),
  startDateTime: z.number(),
  endDateTime: z.number(),
});

export const servicePrincipalSchema = z.object({
  objectId: z.string(),
  appId: z.string(),
  tenantId: z.string(),
  displayName: z.string(),
  createdAt: z.number(),
});

export const jwkSchema = z.object({
  kty: z.literal('RSA'),
  use: z.literal('sig'),
  alg: z.literal('RS256'),
  kid: z.string(),
  n: z.string(),
  e: z.string(),
});

/** The IMDS / App Service managed-identity token response (times as epoch seconds in strings, as Azure sends). */
export const managedIdentityTokenSchema = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.string(),
  expires_on: z.string(),
  not_before: z.string(),
  resource: z.string(),
  client_id: z.string(),
});

/** The v2.0 token endpoint's client-credentials response. */
export const tokenResponseSchema = z.object({
  token_type: z.literal('Bearer'),
  expires_in: z.number(),
  ext_expires_in: z.number(),
  access_token: z.string(),
});

/** Picks a user-assigned identity attached to the resource; none picks the system-assigned one. */
export const identitySelectorSchema = z
  .object({
    clientId: guidSchema.optional(),
    principalId: guidSchema.optional(),
    identityId: armIdSchema.optional(),
  })
  .strict()
  .refine((s) => [s.clientId, s.principalId, s.identityId].filter(Boolean).length <= 1, {
    message: 'give at most one of clientId, principalId and identityId',
  });

export type Tenant = z.output<typeof tenantSchema>;
export type Subscription = z.output<typeof subscriptionSchema>;
export type UserAssignedIdentity = z.output<typeof userAssignedIdentitySchema>;
export type SystemAssignedIdentity = z.output<typeof systemAssignedIdentitySchema>;
export type Application = z.output<typeof applicationSchema>;
export type FederatedCredential = z.output<typeof federatedCredentialSchema>;
export type ClientSecretInfo = z.output<typeof clientSecretInfoSchema>;
export type ServicePrincipal = z.output<typeof servicePrincipalSchema>;
export type Jwk = z.output<typeof jwkSchema>;
export type IdentitySelector = z.output<typeof identitySelectorSchema>;
