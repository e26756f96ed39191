import {
  entraContract,
  type HandlerTable,
  KeyPairPool,
  type Runtime,
  type ServedService,
  serveReleasing,
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

/**
 * Opens the directory in JetStream, keeps tenant signing keys generated ahead of demand, and serves the entra
 * contract.
 */
export async function startEntraService(runtime: Runtime<EntraEnv>): Promise<ServedService[]> {
  const { env } = runtime;
  const store = await EntraStore.open(runtime.nc, env.CMK_JS_REPLICAS);
  // Filled once the first tenant asks for a key, not at start-up: a process that never makes a tenant (most
  // test processes, a standby replica) spends no CPU on keys, and the first tenant costs one generation.
  const keyPairs = new KeyPairPool({
    depth: env.CMK_KEY_POOL_DEPTH,
    onError: (err, spec) => runtime.log.warn({ err, spec }, 'generating a key pair ahead of demand failed'),
  });
  const state: EntraState = {
    store,
    signer: new TokenSigner(store),
    keyPairs,
    assertions: createAssertionVerifier(store, runtime.clock),
    tokenLifetimeMs: env.CMK_ENTRA_TOKEN_LIFETIME,
    keyGraceMs: env.CMK_ENTRA_KEY_GRACE,
  };
  // The pool's background generation must not outlive the service, nor a failed start that is retried.
  return [await serveReleasing(runtime, entraContract, entraHandlers, state, () => keyPairs.close())];
}
