import { z } from 'zod';
import { defineContract } from '../rpc/contract.js';
import { armIdSchema, armNameSchema, guidSchema } from './azure-ids.js';
import { durationSchema } from './clock.js';
import { commonOperations } from './common.js';
import { empty, obj, op } from './contract-helpers.js';
import {
  applicationSchema,
  clientSecretInfoSchema,
  federatedCredentialSchema,
  identitySelectorSchema,
  jwkSchema,
  managedIdentityTokenSchema,
  servicePrincipalSchema,
  subscriptionSchema,
  systemAssignedIdentitySchema,
  tenantSchema,
  tokenExchangeAudience,
  tokenResponseSchema,
  userAssignedIdentitySchema,
} from './entra-schemas.js';

const displayName = z.string().min(1).max(256);

/**
 * Microsoft Entra ID: the directory (tenants, subscriptions, managed identities, app registrations, federated
 * identity credentials, client secrets, service principals), per-tenant signing keys, and the token grants
 * storage uses: a managed-identity token, and client credentials with a federated client assertion or a secret.
 */
export const entraContract = defineContract({
  service: 'entra',
  scope: 'global',
  version: '0.2.0',
  operations: {
    ...commonOperations,
    createTenant: op(
      'Creates a tenant (a GUID is generated unless given).',
      obj({ displayName, tenantId: guidSchema.optional() }),
      tenantSchema,
    ),
    getTenant: op('A tenant.', obj({ tenantId: guidSchema }), tenantSchema),
    listTenants: op('Every tenant.', obj({}), z.object({ tenants: z.array(tenantSchema) })),
    deleteTenant: op('Deletes an empty tenant.', obj({ tenantId: guidSchema }), empty),

    createSubscription: op(
      'Creates a subscription in a tenant.',
      obj({ tenantId: guidSchema, displayName, subscriptionId: guidSchema.optional() }),
      subscriptionSchema,
    ),
    getSubscription: op('A subscription.', obj({ subscriptionId: guidSchema }), subscriptionSchema),
    listSubscriptions: op(
      'Subscriptions, of one tenant or all.',
      obj({ tenantId: guidSchema.optional() }),
      z.object({ subscriptions: z.array(subscriptionSchema) }),
    ),
    deleteSubscription: op(
      'Deletes a subscription that holds no user-assigned identities.',
      obj({ subscriptionId: guidSchema }),
      empty,
    ),
    moveSubscription: op(
      'Moves a subscription to another tenant. Its managed identities stay behind in the old tenant.',
      obj({ subscriptionId: guidSchema, targetTenantId: guidSchema }),
      subscriptionSchema,
    ),

    createUserAssignedIdentity: op(
      'Creates a user-assigned managed identity (its own ARM resource).',
      obj({ subscriptionId: guidSchema, resourceGroup: armNameSchema, name: armNameSchema.max(128) }),
      userAssignedIdentitySchema,
    ),
    getUserAssignedIdentity: op(
      'A user-assigned identity by ARM id.',
      obj({ id: armIdSchema }),
      userAssignedIdentitySchema,
    ),
    listUserAssignedIdentities: op(
      'User-assigned identities, of one subscription or all.',
      obj({ subscriptionId: guidSchema.optional() }),
      z.object({ identities: z.array(userAssignedIdentitySchema) }),
    ),
    deleteUserAssignedIdentity: op('Deletes a user-assigned identity.', obj({ id: armIdSchema }), empty),
    attachUserAssignedIdentity: op(
      'Attaches a user-assigned identity to a resource, so the resource can get tokens for it.',
      obj({ resourceId: armIdSchema, identityId: armIdSchema }),
      z.object({ resourceId: z.string(), identityIds: z.array(z.string()) }),
    ),
    detachUserAssignedIdentity: op(
      'Detaches a user-assigned identity from a resource.',
      obj({ resourceId: armIdSchema, identityId: armIdSchema }),
      z.object({ resourceId: z.string(), identityIds: z.array(z.string()) }),
    ),

    enableSystemAssignedIdentity: op(
      'Gives a resource its system-assigned identity (a new principal each time it is enabled again).',
      obj({ resourceId: armIdSchema }),
      systemAssignedIdentitySchema,
    ),
    disableSystemAssignedIdentity: op(
      "Deletes a resource's system-assigned identity.",
      obj({ resourceId: armIdSchema }),
      empty,
    ),
    getSystemAssignedIdentity: op(
      "A resource's system-assigned identity.",
      obj({ resourceId: armIdSchema }),
      systemAssignedIdentitySchema,
    ),

    createApplication: op(
      'Registers an application in its home tenant.',
      obj({ tenantId: guidSchema, displayName, multiTenant: z.boolean().default(false) }),
      applicationSchema,
    ),
    getApplication: op('An application by appId.', obj({ appId: guidSchema }), applicationSchema),
    listApplications: op(
      'Applications, of one home tenant or all.',
      obj({ tenantId: guidSchema.optional() }),
      z.object({ applications: z.array(applicationSchema) }),
    ),
    deleteApplication: op('Deletes an application and its credentials.', obj({ appId: guidSchema }), empty),

    addFederatedCredential: op(
      'Adds a federated identity credential to an application. Wrong issuer/subject/audience values are accepted here and fail at token exchange, as in Azure.',
      obj({
        appId: guidSchema,
        name: z
          .string()
          .min(3, 'must be 3 to 120 characters')
          .max(120, 'must be 3 to 120 characters')
          .regex(
            /^[A-Za-z0-9][A-Za-z0-9_-]*$/,
            'must start with a letter or digit and hold letters, digits, - and _ only',
          ),
        issuer: z.string().min(1).max(600),
        subject: z.string().min(1).max(600),
        audiences: z
          .array(z.string().min(1).max(600))
          .length(1, 'exactly one audience')
          .default([tokenExchangeAudience]),
        description: z.string().max(600).optional(),
      }),
      federatedCredentialSchema,
    ),
    listFederatedCredentials: op(
      'The federated identity credentials of an application.',
      obj({ appId: guidSchema }),
      z.object({ credentials: z.array(federatedCredentialSchema) }),
    ),
    removeFederatedCredential: op(
      'Removes a federated identity credential by name.',
      obj({ appId: guidSchema, name: z.string().min(1) }),
      empty,
    ),

    addClientSecret: op(
      'Adds a client secret (its text is returned once, here).',
      obj({
        appId: guidSchema,
        displayName: z.string().max(256).default(''),
        lifetime: durationSchema.default('P180D'),
      }),
      clientSecretInfoSchema.extend({ secretText: z.string() }),
    ),
    removeClientSecret: op('Removes a client secret.', obj({ appId: guidSchema, keyId: guidSchema }), empty),

    createServicePrincipal: op(
      'Creates the service principal of an application in a tenant (same appId, own objectId).',
      obj({ appId: guidSchema, tenantId: guidSchema }),
      servicePrincipalSchema,
    ),
    getServicePrincipal: op(
      'The service principal of an application in a tenant.',
      obj({ appId: guidSchema, tenantId: guidSchema }),
      servicePrincipalSchema,
    ),
    listServicePrincipals: op(
      'Service principals, of one tenant or all.',
      obj({ tenantId: guidSchema.optional() }),
      z.object({ servicePrincipals: z.array(servicePrincipalSchema) }),
    ),
    deleteServicePrincipal: op(
      'Deletes the service principal of an application in a tenant.',
      obj({ appId: guidSchema, tenantId: guidSchema }),
      empty,
    ),

    getJwks: op(
      'The signing keys of a tenant (JWKS).',
      obj({ tenantId: guidSchema }),
      z.object({ keys: z.array(jwkSchema) }),
    ),
    rotateSigningKey: op(
      'Makes a new signing key current; the old one stays in the JWKS for the grace period.',
      obj({ tenantId: guidSchema, grace: durationSchema.optional() }),
      z.object({ kid: z.string(), previousKid: z.string().optional() }),
    ),

    getManagedIdentityToken: op(
      'A managed-identity token for a resource hosted by `resourceId`: its system-assigned identity, or a user-assigned one attached to it.',
      obj({
        resourceId: armIdSchema,
        resource: z.string().min(1).max(2048),
        identity: identitySelectorSchema.optional(),
      }),
      managedIdentityTokenSchema,
    ),
    token: op(
      'The v2.0 token endpoint, client-credentials grant, with a client assertion (RFC 7523) or a client secret.',
      obj({
        tenantId: guidSchema,
        grant_type: z.literal('client_credentials'),
        client_id: z.string().min(1),
        scope: z.string().min(1),
        client_assertion_type: z.literal('urn:ietf:params:oauth:client-assertion-type:jwt-bearer').optional(),
        client_assertion: z.string().min(1).optional(),
        client_secret: z.string().min(1).optional(),
      }),
      tokenResponseSchema,
    ),
  },
});
