import { instantSeconds } from './arm-shapes.js';
import { stepContracts } from './load.js';
import type { PrincipalRef, ScenarioStep } from './schema.js';
import type { ScenarioWorld } from './world.js';

/** A step ready to send: the contract operation, the request with real names, and the region to call. */
export interface PreparedCall {
  service: keyof typeof stepContracts;
  operation: string;
  request: Record<string, unknown>;
  /** The region of the account or vault the step is about (regional services only). */
  region?: string | undefined;
  /** keyvault data-plane steps: the vault whose administrator (or `as` principal) signs the request. */
  vault?: string | undefined;
  /** keyvault access steps: the principal, resolved to its object id just before the call. */
  principal?: PrincipalRef | undefined;
  /** setAccessPolicy: the key permissions of the policy. */
  permissions?: string[] | undefined;
}

export class StepInputError extends Error {
  override readonly name = 'StepInputError';
}

const accountOperations = new Set(['createAccount', 'getAccount', 'updateAccount', 'deleteAccount']);
const vaultOperations = new Set([
  'createVault',
  'getVault',
  'updateVault',
  'deleteVault',
  'getDeletedVault',
  'recoverDeletedVault',
  'purgeDeletedVault',
  'resolveVault',
]);

/**
 * Turns a step's `with` (symbolic names, scenario conveniences) into the contract's request. Fields not
 * named here pass through untouched, so any request field of the contract can be written as it is spelled.
 */
export function prepareCall(
  step: ScenarioStep,
  input: Record<string, unknown>,
  world: ScenarioWorld,
): PreparedCall {
  const [service, operation] = step.do.split('.') as [keyof typeof stepContracts, string];
  const request = { ...input };
  switch (service) {
    case 'storage':
      return { service, operation, ...storageRequest(operation, request, world) };
    case 'keyvault':
      return { service, operation, ...keyvaultRequest(operation, request, world) };
    case 'entra':
      return { service, operation, request: entraRequest(operation, request, world) };
    case 'chaos':
      return { service, operation, request: chaosRequest(request, world) };
    default:
      return { service, operation, request };
  }
}

function storageRequest(operation: string, request: Record<string, unknown>, world: ScenarioWorld) {
  const symbol =
    take(request, 'account') ?? (accountOperations.has(operation) ? take(request, 'name') : undefined);
  if (typeof symbol !== 'string')
    throw new StepInputError('with.account: every storage step names its account');
  if (operation === 'createAccount' && !world.accounts.has(symbol)) {
    return { request: world.newAccountRequest(symbol, request), region: world.account(symbol).region };
  }
  const account = lookup(() => world.account(symbol), 'with.account');
  if (accountOperations.has(operation)) {
    request.name = account.name;
    const identity = take(request, 'identity');
    const encryption = take(request, 'encryption');
    if (identity !== undefined) request.identity = world.accountIdentity(identity as never);
    if (encryption !== undefined)
      request.properties = {
        ...(request.properties as object),
        encryption: world.encryption(encryption as never),
      };
  } else {
    request.account = account.name;
  }
  return { request, region: account.region };
}

function keyvaultRequest(operation: string, request: Record<string, unknown>, world: ScenarioWorld) {
  const symbol =
    take(request, 'vault') ?? (vaultOperations.has(operation) ? take(request, 'name') : undefined);
  if (typeof symbol !== 'string') throw new StepInputError('with.vault: every keyvault step names its vault');
  const vault = lookup(() => world.vault(symbol), 'with.vault');
  const schema = stepContracts.keyvault.operations[
    operation as keyof typeof stepContracts.keyvault.operations
  ]?.request as { shape?: Record<string, unknown> } | undefined;
  const dataPlane = schema?.shape !== undefined && 'authorization' in schema.shape;
  if (vaultOperations.has(operation)) request.name = vault.name;
  else request.vault = vault.name;
  if (dataPlane && request.key !== undefined && request.name === undefined)
    request.name = take(request, 'key');
  const acls = request.networkAcls as Record<string, unknown> | undefined;
  if (acls && typeof acls === 'object') request.networkAcls = normaliseAcls(acls);
  const attributes = request.attributes as Record<string, unknown> | undefined;
  if (attributes && typeof attributes === 'object')
    request.attributes = normaliseAttributes(attributes, world);
  // Key Vault's REST API carries crypto inputs as base64url text; scenario files do the same.
  for (const field of ['value', 'digest', 'signature']) {
    if (dataPlane && typeof request[field] === 'string') {
      request[field] = new Uint8Array(Buffer.from(request[field] as string, 'base64url'));
    }
  }
  const principal = take(request, 'principal') as PrincipalRef | undefined;
  const permissions =
    operation === 'setAccessPolicy' ? (take(request, 'permissions') as string[] | undefined) : undefined;
  return { request, region: vault.region, vault: dataPlane ? symbol : undefined, principal, permissions };
}

function entraRequest(operation: string, request: Record<string, unknown>, world: ScenarioWorld) {
  rename(request, 'tenant', 'tenantId', (s) => world.tenant(s).tenantId);
  rename(request, 'targetTenant', 'targetTenantId', (s) => world.tenant(s).tenantId);
  rename(request, 'subscription', 'subscriptionId', (s) => world.subscriptionId(s));
  const identityField =
    operation === 'attachUserAssignedIdentity' || operation === 'detachUserAssignedIdentity'
      ? 'identityId'
      : 'id';
  rename(request, 'identity', identityField, (s) => world.identity(s).id);
  rename(request, 'app', 'appId', (s) => world.app(s).appId);
  rename(request, 'account', 'resourceId', (s) => world.account(s).id);
  return request;
}

function chaosRequest(request: Record<string, unknown>, world: ScenarioWorld) {
  const target = request.target as Record<string, unknown> | undefined;
  if (target && typeof target === 'object') {
    const real = { ...target };
    const resolve = (field: string, to: (s: string) => string) => {
      const value = real[field];
      if (typeof value === 'string') real[field] = lookup(() => to(value), `with.target.${field}`);
    };
    resolve('vault', (s) => world.vault(s).name);
    resolve('account', (s) => world.account(s).name);
    resolve('tenant', (s) => world.tenant(s).tenantId);
    resolve('identity', (s) => world.identity(s).id);
    resolve('app', (s) => world.app(s).appId);
    resolve('subscription', (s) => world.subscriptionId(s));
    request.target = real;
  }
  const params = request.params as Record<string, unknown> | undefined;
  if (params && typeof params.toTenant === 'string' && world.tenants.has(params.toTenant)) {
    request.params = { ...params, toTenant: world.tenant(params.toTenant).tenantId };
  }
  return request;
}

/** Scenario files may list IP rules and subnet ids as plain strings. */
function normaliseAcls(acls: Record<string, unknown>) {
  const out = { ...acls };
  if (Array.isArray(out.ipRules))
    out.ipRules = out.ipRules.map((r) => (typeof r === 'string' ? { value: r } : r));
  if (Array.isArray(out.virtualNetworkRules)) {
    out.virtualNetworkRules = out.virtualNetworkRules.map((r) => (typeof r === 'string' ? { id: r } : r));
  }
  return out;
}

/** Key `exp` and `nbf` may be ISO instants or durations from the testbed clock's now (`P30D`, `-PT1M`). */
function normaliseAttributes(attributes: Record<string, unknown>, world: ScenarioWorld) {
  const out = { ...attributes };
  for (const field of ['exp', 'nbf'] as const) {
    const value = out[field];
    if (typeof value === 'string')
      out[field] = instantSeconds(value, world.now(), `with.attributes.${field}`);
  }
  return out;
}

function take(request: Record<string, unknown>, field: string): unknown {
  const value = request[field];
  delete request[field];
  return value;
}

function rename(
  request: Record<string, unknown>,
  from: string,
  to: string,
  resolve: (symbol: string) => string,
): void {
  if (!(from in request)) return;
  const value = take(request, from);
  request[to] = typeof value === 'string' ? lookup(() => resolve(value), `with.${from}`) : value;
}

function lookup<T>(find: () => T, field: string): T {
  try {
    return find();
  } catch (error) {
    throw new StepInputError(`${field}: ${(error as Error).message}`);
  }
}

/** Fills in what needs a call to find: a principal's object id (a system-assigned one is read fresh). */
export async function completeCall(call: PreparedCall, world: ScenarioWorld): Promise<void> {
  if (call.principal === undefined) return;
  const principalId = await world.principalId(call.principal);
  if (call.operation === 'setAccessPolicy') {
    const vault = [...world.vaults.values()].find((v) => v.name === call.request.vault);
    call.request.policy = {
      tenantId: vault?.tenantId,
      objectId: principalId,
      permissions: { keys: call.permissions ?? [] },
    };
  } else if (call.operation === 'removeAccessPolicy') {
    call.request.objectId = principalId;
  } else {
    call.request.principalId = principalId;
  }
}
