import {
  AzureError,
  type Clock,
  type ContractClient,
  client,
  entraContract,
  keyvaultContract,
  type NetworkOrigin,
  storageContract,
  testbedContract,
} from '@cmk-testbed/shared';
import type { NatsConnection } from 'nats';

/**
 * The testbed operator: the administrator the scenario runner and the chaos controller act as. In each tenant
 * it is a user-assigned identity named `cmk-testbed-operator` in a subscription of the same name, attached to a
 * (notional) virtual machine so it gets real managed-identity tokens; on each vault it is granted Key Vault
 * Administrator (RBAC vaults) or every key permission (access-policy vaults) the first time it needs them.
 *
 * Documented choice: these grants are real and visible (`listRoleAssignments` shows them), as an Azure admin's
 * would be. The operator calls from the public origin like any client, so a vault firewall stops it too.
 */
export const operatorName = 'cmk-testbed-operator';
const operatorResourceGroup = 'cmk-testbed';
const vaultAudience = 'https://vault.azure.net';
const administratorRole = 'Key Vault Administrator';
/** Refresh a cached token this long before it expires (testbed time). */
const tokenMarginMs = 5 * 60_000;

export interface ResolvedVault {
  name: string;
  location: string;
  tenantId: string;
  vaultUri: string;
  deleted: boolean;
  enablePurgeProtection: boolean;
  softDeleteRetentionInDays: number;
}

/** The operator's identity in one tenant. */
interface OperatorPrincipal {
  subscriptionId: string;
  identityId: string;
  principalId: string;
  hostId: string;
}

export interface OperatorOptions {
  clock?: Clock;
  /** How the operator appears to the services; default the chaos controller's name. */
  instance?: string;
  region?: string;
  origin?: NetworkOrigin;
  timeoutMs?: number;
}

export class Operator {
  readonly entra: ContractClient<typeof entraContract>;
  readonly testbed: ContractClient<typeof testbedContract>;
  readonly #make: <C extends typeof keyvaultContract | typeof storageContract>(
    contract: C,
    region: string,
  ) => ContractClient<C>;
  readonly #keyvaults = new Map<string, ContractClient<typeof keyvaultContract>>();
  readonly #storages = new Map<string, ContractClient<typeof storageContract>>();
  readonly #vaults = new Map<string, Promise<ResolvedVault>>();
  readonly #principals = new Map<string, Promise<OperatorPrincipal>>();
  /** Vaults on which the operator holds its grant (forgotten when a call is refused for lack of it). */
  readonly #granted = new Map<string, Promise<void>>();
  readonly #tokens = new Map<string, { token: string; expiresAt: number }>();
  readonly #clock: Clock | undefined;

  /** Only makes clients: the operator's identity and grants are made the first time a vault needs them. */
  constructor(nc: NatsConnection, options: OperatorOptions = {}) {
    const caller = {
      service: 'chaos',
      instance: options.instance ?? operatorName,
      region: options.region ?? 'eastus',
    };
    const base = {
      caller,
      clock: options.clock,
      timeoutMs: options.timeoutMs ?? 10_000,
      ...(options.origin ? { origin: options.origin } : {}),
    };
    this.#clock = options.clock;
    this.entra = client(nc, entraContract, base);
    this.testbed = client(nc, testbedContract, base);
    this.#make = (contract, region) => client(nc, contract, { ...base, region });
  }

  /** Key Vault of one region (the data plane and ARM's vault operations). */
  keyvault(region: string): ContractClient<typeof keyvaultContract> {
    let found = this.#keyvaults.get(region);
    if (!found) {
      found = this.#make(keyvaultContract, region);
      this.#keyvaults.set(region, found);
    }
    return found;
  }

  /** The storage nodes of one region. */
  storage(region: string): ContractClient<typeof storageContract> {
    let found = this.#storages.get(region);
    if (!found) {
      found = this.#make(storageContract, region);
      this.#storages.set(region, found);
    }
    return found;
  }

  /** Where a vault lives and which tenant owns it (a vault's region and tenant never change). */
  resolveVault(name: string): Promise<ResolvedVault> {
    let found = this.#vaults.get(name);
    if (!found) {
      // Any region answers; ask the first one the operator already talks to, else eastus.
      const region = this.#keyvaults.keys().next().value ?? 'eastus';
      found = this.keyvault(region).resolveVault({ name });
      found.catch(() => this.#vaults.delete(name));
      this.#vaults.set(name, found);
    }
    return found;
  }

  /**
   * Tells the operator where a vault it just saw created lives, so it need not ask: another region's
   * directory can lag a fresh vault by a moment (it is replicated, as Azure's DNS is).
   */
  learnVault(
    vault: Pick<ResolvedVault, 'name' | 'location' | 'tenantId' | 'vaultUri'> & Partial<ResolvedVault>,
  ): void {
    this.#vaults.set(
      vault.name,
      Promise.resolve({
        deleted: false,
        enablePurgeProtection: false,
        softDeleteRetentionInDays: 90,
        ...vault,
      }),
    );
    this.#granted.delete(vault.name);
  }

  /** The keyvault client of the vault's own region. */
  async keyvaultOf(vault: string): Promise<ContractClient<typeof keyvaultContract>> {
    return this.keyvault((await this.resolveVault(vault)).location);
  }

  /**
   * A bearer token of the operator in the vault's tenant, granted administrator rights on the vault first if
   * it does not hold them yet.
   */
  async vaultAuthorization(vault: string): Promise<string> {
    const resolved = await this.resolveVault(vault);
    const principal = await this.#principalIn(resolved.tenantId);
    await this.#grant(resolved, principal);
    return this.#token(resolved.tenantId, principal);
  }

  /**
   * Runs a data-plane call as the operator. A refusal for lack of permission (the grant was removed, or the
   * vault was recovered, which drops its role assignments) re-grants once and tries again.
   */
  async asAdministrator<T>(vault: string, call: (authorization: string) => Promise<T>): Promise<T> {
    try {
      return await call(await this.vaultAuthorization(vault));
    } catch (error) {
      if (!(error instanceof AzureError)) throw error;
      if (isPermissionDenial(error)) this.#granted.delete(vault);
      else if (error.status === 401) this.#tokens.clear();
      else throw error;
      return call(await this.vaultAuthorization(vault));
    }
  }

  /** Forgets what the operator knows of a vault (after it is deleted or purged, the name may come back). */
  forgetVault(vault: string): void {
    this.#vaults.delete(vault);
    this.#granted.delete(vault);
  }

  close(): void {
    this.#tokens.clear();
  }

  #principalIn(tenantId: string): Promise<OperatorPrincipal> {
    let found = this.#principals.get(tenantId);
    if (!found) {
      found = this.#ensurePrincipal(tenantId);
      found.catch(() => this.#principals.delete(tenantId));
      this.#principals.set(tenantId, found);
    }
    return found;
  }

  /**
   * Finds or makes the operator in a tenant. Idempotent and safe against a second operator (the runner and
   * the controller) doing the same at once: it looks first, and a creation that loses the race looks again.
   */
  async #ensurePrincipal(tenantId: string): Promise<OperatorPrincipal> {
    const subscriptionId = await this.#ensureSubscription(tenantId);
    const identity = await this.#ensureIdentity(subscriptionId);
    const hostId = `/subscriptions/${subscriptionId}/resourceGroups/${operatorResourceGroup}/providers/Microsoft.Compute/virtualMachines/${operatorName}`;
    const attached = await this.entra.attachUserAssignedIdentity({
      resourceId: hostId,
      identityId: identity.id,
    });
    if (!attached.identityIds.includes(identity.id)) {
      throw new Error(`the operator identity ${identity.id} did not attach to ${hostId}`);
    }
    return { subscriptionId, identityId: identity.id, principalId: identity.principalId, hostId };
  }

  async #ensureSubscription(tenantId: string): Promise<string> {
    const find = async () =>
      (await this.entra.listSubscriptions({ tenantId })).subscriptions.find(
        (s) => s.displayName === operatorName,
      );
    const existing = await find();
    if (existing) return existing.subscriptionId;
    const created = await this.entra.createSubscription({ tenantId, displayName: operatorName });
    // Two operators racing each made one: both settle on the oldest, by id order.
    const all = (await this.entra.listSubscriptions({ tenantId })).subscriptions
      .filter((s) => s.displayName === operatorName)
      .map((s) => s.subscriptionId)
      .sort();
    return all[0] ?? created.subscriptionId;
  }

  async #ensureIdentity(subscriptionId: string) {
    const find = async () =>
      (await this.entra.listUserAssignedIdentities({ subscriptionId })).identities.find(
        (i) => i.name === operatorName,
      );
    const existing = await find();
    if (existing) return existing;
    try {
      return await this.entra.createUserAssignedIdentity({
        subscriptionId,
        resourceGroup: operatorResourceGroup,
        name: operatorName,
      });
    } catch (error) {
      const again = await find();
      if (again) return again;
      throw error;
    }
  }

  #grant(vault: ResolvedVault, principal: OperatorPrincipal): Promise<void> {
    let found = this.#granted.get(vault.name);
    if (!found) {
      found = this.#ensureGrant(vault, principal);
      found.catch(() => this.#granted.delete(vault.name));
      this.#granted.set(vault.name, found);
    }
    return found;
  }

  async #ensureGrant(vault: ResolvedVault, principal: OperatorPrincipal): Promise<void> {
    const keyvault = this.keyvault(vault.location);
    const current = await keyvault.getVault({ name: vault.name });
    if (current.properties.enableRbacAuthorization) {
      const { roleAssignments } = await keyvault.listRoleAssignments({ vault: vault.name });
      const held = roleAssignments.some(
        (a) => a.principalId === principal.principalId && a.roleName === administratorRole && a.scope === '/',
      );
      if (!held) {
        await keyvault.assignRole({
          vault: vault.name,
          principalId: principal.principalId,
          role: administratorRole,
        });
      }
      return;
    }
    const held = current.properties.accessPolicies.some(
      (p) => p.objectId === principal.principalId && p.permissions.keys.includes('all'),
    );
    if (!held) {
      await keyvault.setAccessPolicy({
        vault: vault.name,
        policy: { tenantId: vault.tenantId, objectId: principal.principalId, permissions: { keys: ['all'] } },
      });
    }
  }

  async #token(tenantId: string, principal: OperatorPrincipal): Promise<string> {
    const now = this.#clock?.now() ?? Date.now();
    const cached = this.#tokens.get(tenantId);
    if (cached && cached.expiresAt - tokenMarginMs > now) return cached.token;
    const reply = await this.entra.getManagedIdentityToken({
      resourceId: principal.hostId,
      resource: vaultAudience,
      identity: { identityId: principal.identityId },
    });
    const token = `Bearer ${reply.access_token}`;
    this.#tokens.set(tenantId, { token, expiresAt: Number(reply.expires_on) * 1000 });
    return token;
  }
}

/** A refusal the operator can cure by granting itself access again (not a firewall or a missing key). */
function isPermissionDenial(error: AzureError): boolean {
  return error.status === 403 && error.code === 'Forbidden' && error.innerCode !== 'ForbiddenByFirewall';
}
