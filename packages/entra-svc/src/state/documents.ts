import {
  applicationSchema,
  clientSecretInfoSchema,
  federatedCredentialSchema,
  servicePrincipalSchema,
  subscriptionSchema,
  systemAssignedIdentitySchema,
  tenantSchema,
  userAssignedIdentitySchema,
} from '@cmk-testbed/shared';
import { z } from 'zod';

/** An application as stored: its registration plus its credentials (secrets only as hashes). */
export const storedApplicationSchema = applicationSchema.extend({
  federatedCredentials: z.array(federatedCredentialSchema),
  secrets: z.array(clientSecretInfoSchema.extend({ sha256: z.string() })),
});

/** The user-assigned identities attached to one resource. */
export const attachmentsSchema = z.object({ resourceId: z.string(), identityIds: z.array(z.string()) });

/** One RSA signing key of a tenant. The private key is PKCS#8 PEM; it never leaves entra-svc. */
export const signingKeySchema = z.object({
  kid: z.string(),
  privateKeyPem: z.string(),
  n: z.string(),
  e: z.string(),
  createdAt: z.number(),
  /** Set when another key became current; the key stays in the JWKS until `retiredAt + grace`. */
  retiredAt: z.number().optional(),
  graceMs: z.number().optional(),
});

export const tenantKeysSchema = z.object({ tenantId: z.string(), keys: z.array(signingKeySchema) });

export {
  servicePrincipalSchema,
  subscriptionSchema,
  systemAssignedIdentitySchema,
  tenantSchema,
  userAssignedIdentitySchema,
};
export type StoredApplication = z.output<typeof storedApplicationSchema>;
export type Attachments = z.output<typeof attachmentsSchema>;
export type SigningKey = z.output<typeof signingKeySchema>;
export type TenantKeys = z.output<typeof tenantKeysSchema>;
