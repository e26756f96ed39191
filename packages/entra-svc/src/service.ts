import {
  entraContract,
  type HandlerTable,
  type Runtime,
  type ServedService,
  serveOn,
} from '@cmk-testbed/shared';
import type { EntraEnv } from './config.js';
import {
  addClientSecret,
  addFederatedCredential,
  createApplication,
  deleteApplication,
  getApplication,
  listApplications,
  listFederatedCredentials,
  removeClientSecret,
  removeFederatedCredential,
} from './handlers/applications.js';
import {
  attachUserAssignedIdentity,
  createUserAssignedIdentity,
  deleteUserAssignedIdentity,
  detachUserAssignedIdentity,
  disableSystemAssignedIdentity,
  enableSystemAssignedIdentity,
  getSystemAssignedIdentity,
  getUserAssignedIdentity,
  listUserAssignedIdentities,
} from './handlers/managed-identities.js';
import { getManagedIdentityToken } from './handlers/managed-identity-token.js';
import {
  createServicePrincipal,
  deleteServicePrincipal,
  getServicePrincipal,
  listServicePrincipals,
} from './handlers/service-principals.js';
import { getJwks, rotateSigningKey } from './handlers/signing-keys.js';
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  moveSubscription,
} from './handlers/subscriptions.js';
import { createTenant, deleteTenant, getTenant, listTenants } from './handlers/tenants.js';
import { token } from './handlers/token.js';
import { createAssertionVerifier } from './state/assertion-verifier.js';
import type { EntraState } from './state/entra-state.js';
import { EntraStore } from './state/entra-store.js';
import { TokenSigner } from './state/token-signer.js';

/** The entra contract at a glance: one plain function per operation. */
export const entraHandlers = {
  createTenant,
  getTenant,
  listTenants,
  deleteTenant,
  createSubscription,
  getSubscription,
  listSubscriptions,
  deleteSubscription,
  moveSubscription,
  createUserAssignedIdentity,
  getUserAssignedIdentity,
  listUserAssignedIdentities,
  deleteUserAssignedIdentity,
  attachUserAssignedIdentity,
  detachUserAssignedIdentity,
  enableSystemAssignedIdentity,
  disableSystemAssignedIdentity,
  getSystemAssignedIdentity,
  createApplication,
  getApplication,
  listApplications,
  deleteApplication,
  addFederatedCredential,
  listFederatedCredentials,
  removeFederatedCredential,
  addClientSecret,
  removeClientSecret,
  createServicePrincipal,
  getServicePrincipal,
  listServicePrincipals,
  deleteServicePrincipal,
  getJwks,
  rotateSigningKey,
  getManagedIdentityToken,
  token,
} satisfies HandlerTable<typeof entraContract, EntraState>;

/** Opens the directory in JetStream and serves the entra contract. */
export async function startEntraService(runtime: Runtime<EntraEnv>): Promise<ServedService[]> {
  const { env } = runtime;
  const store = await EntraStore.open(runtime.nc, env.CMK_JS_REPLICAS);
  const state: EntraState = {
    store,
    signer: new TokenSigner(store),
    assertions: createAssertionVerifier(store, runtime.clock),
    tokenLifetimeMs: env.CMK_ENTRA_TOKEN_LIFETIME,
    keyGraceMs: env.CMK_ENTRA_KEY_GRACE,
  };
  return [await serveOn(runtime, entraContract, entraHandlers, state)];
}
