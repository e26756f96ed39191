export { armIdSchema, armNameSchema, guidSchema, parseArmId } from './azure-ids.js';
export {
  chaosContract,
  failedUndoSchema,
  faultKindSchema,
  faultTargetSchema,
  type InjectedFault,
  injectedFaultSchema,
  processFaultKindSchema,
  semanticFaultKindSchema,
  timeFaultKindSchema,
  transportFaultKindSchema,
} from './chaos.js';
export { clockContract, durationSchema } from './clock.js';
export { commonOperations } from './common.js';
export { entraContract } from './entra.js';
export {
  type Application,
  applicationSchema,
  type ClientSecretInfo,
  clientSecretInfoSchema,
  type FederatedCredential,
  federatedCredentialSchema,
  type IdentitySelector,
  identitySelectorSchema,
  type Jwk,
  jwkSchema,
  managedIdentityTokenSchema,
  type ServicePrincipal,
  type Subscription,
  type SystemAssignedIdentity,
  servicePrincipalSchema,
  subscriptionSchema,
  systemAssignedIdentitySchema,
  type Tenant,
  tenantSchema,
  tokenExchangeAudience,
  tokenResponseSchema,
  type UserAssignedIdentity,
  userAssignedIdentitySchema,
} from './entra-schemas.js';
export { keyvaultContract } from './keyvault.js';
export * from './keyvault-schemas.js';
export { storageContract } from './storage.js';
export * from './storage-schemas.js';
export {
  type ProcessInfo,
  processInfoSchema,
  processKindSchema,
  processStateSchema,
  testbedContract,
} from './testbed.js';
