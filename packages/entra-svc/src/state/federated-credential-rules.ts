import type { FederatedCredential } from '@cmk-testbed/shared';
import { badRequest, conflict } from './entra-errors.js';

/** Azure's limit of federated identity credentials on one application. */
export const maxFederatedCredentials = 20;

/**
 * Adds a credential to an application's list, with Azure's rules at creation: a unique name, a unique
 * issuer+subject pair, at most 20. Issuer, subject and audience values are not checked against anything:
 * wrong ones are accepted here and fail only at token exchange.
 */
export function addFederatedCredentialTo(
  existing: readonly FederatedCredential[],
  credential: FederatedCredential,
): FederatedCredential[] {
  if (existing.some((c) => c.name === credential.name)) {
    throw conflict(
      'FederatedIdentityCredentialAlreadyExists',
      `A federated identity credential named '${credential.name}' already exists on this application.`,
    );
  }
  const twin = existing.find((c) => c.issuer === credential.issuer && c.subject === credential.subject);
  if (twin) {
    throw conflict(
      'FederatedIdentityCredentialAlreadyExists',
      `Federated identity credential '${twin.name}' already has issuer '${credential.issuer}' and subject '${credential.subject}'; the pair must be unique on an application.`,
    );
  }
  if (existing.length >= maxFederatedCredentials) {
    throw badRequest(
      'FederatedIdentityCredentialLimitExceeded',
      `An application can have at most ${maxFederatedCredentials} federated identity credentials; this one has ${existing.length}.`,
    );
  }
  return [...existing, credential];
}

/** The credential matching an assertion's issuer, subject and audience exactly (matching is case-sensitive). */
export function matchFederatedCredential(
  credentials: readonly FederatedCredential[],
  assertion: { iss: string; sub: string; aud: readonly string[] },
): FederatedCredential | undefined {
  return credentials.find(
    (c) =>
      c.issuer === assertion.iss &&
      c.subject === assertion.sub &&
      c.audiences.some((a) => assertion.aud.includes(a)),
  );
}
