import { AzureError, parseDuration, type Testbed } from '@cmk-testbed/shared';
import type { Operator } from '../admin/operator.js';
import { describeIssues } from './load.js';
import type { RunNames } from './names.js';
import {
  type AccountSpec,
  accountSpec,
  type KeySpec,
  type PrincipalRef,
  type Scenario,
  type ScenarioSetup,
  type VaultSpec,
} from './schema.js';

const vaultAudience = 'https://vault.azure.net';
const exchangeAudience = 'api://AzureADTokenExchange';
const resourceGroup = 'rg';

interface TenantObject {
  tenantId: string;
  subscriptionId: string;
  name: string;
}
interface IdentityObject {
  id: string;
  principalId: string;
  clientId: string;
  name: string;
  tenantId: string;
  subscriptionId: string;
}
interface AppObject {
  appId: string;
  name: string;
  tenantId: string;
}
interface VaultObject {
  name: string;
  vaultUri: string;
  region: string;
  tenantId: string;
}
interface AccountObject {
  name: string;
  id: string;
  region: string;
  principalId?: string | undefined;
}

/** A setup entry that could not be made: names the entry (`setup.accounts[0] (acct1)`) and the reason. */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}

/**
 * The real objects behind a scenario's symbolic names, created in dependency order: tenants (each with a
 * subscription of its own), subscriptions, user-assigned identities, apps with their federated credentials,
 * service principals, vaults, keys, access, accounts. An account whose CMK uses its system-assigned identity
 * is created with Microsoft-managed keys, granted access once its identity exists, then switched to CMK: the
 * order Azure itself requires.
 */
export class ScenarioWorld {
  readonly tenants = new Map<string, TenantObject>();
  readonly subscriptions = new Map<string, { subscriptionId: string; tenantId: string; name: string }>();
  readonly identities = new Map<string, IdentityObject>();
  readonly apps = new Map<string, AppObject>();
  readonly vaults = new Map<string, VaultObject>();
  readonly accounts = new Map<string, AccountObject>();
  /** Symbolic name → real name or id, for reports. */
  readonly names: Record<string, string> = {};
  readonly #tb: Testbed;
  readonly #operator: Operator;
  readonly #scenario: Scenario;
  readonly #run: RunNames;
  /** Identities attached to the runner's own host (for `as: { identity }` tokens and federated assertions). */
  readonly #hosted = new Map<string, Promise<string>>();

  constructor(tb: Testbed, operator: Operator, scenario: Scenario, run: RunNames) {
    this.#tb = tb;
    this.#operator = operator;
    this.#scenario = scenario;
    this.#run = run;
  }

  get setup(): ScenarioSetup {
    return this.#scenario.setup;
  }

  async build(): Promise<void> {
    const s = this.setup;
    for (const [i, t] of s.tenants.entries())
      await this.#entry('tenants', i, t.name, () => this.#tenant(t.name, t.displayName));
    for (const [i, x] of s.subscriptions.entries())
      await this.#entry('subscriptions', i, x.name, () => this.#subscription(x.name, x.tenant));
    for (const [i, x] of s.identities.entries())
      await this.#entry('identities', i, x.name, () => this.#identity(x.name, x.tenant, x.subscription));
    for (const [i, x] of s.apps.entries()) await this.#entry('apps', i, x.name, () => this.#app(x));
    for (const [i, x] of s.servicePrincipals.entries()) {
      await this.#entry('servicePrincipals', i, x.app, () =>
        this.#tb.entra.createServicePrincipal({
          appId: this.app(x.app).appId,
          tenantId: this.tenant(x.tenant).tenantId,
        }),
      );
    }
    for (const [i, x] of s.vaults.entries()) await this.#entry('vaults', i, x.name, () => this.#vault(x));
    for (const [i, x] of s.keys.entries()) await this.#entry('keys', i, x.name, () => this.#key(x));
    const later = s.access.map((a, i) => ({ a, i })).filter(({ a }) => 'systemAssignedOf' in a.principal);
    for (const [i, a] of s.access.entries()) {
      if (!('systemAssignedOf' in a.principal))
        await this.#entry('access', i, a.vault, () => this.#access(a));
    }
    const deferred: AccountSpec[] = [];
    for (const [i, x] of s.accounts.entries()) {
      await this.#entry('accounts', i, x.name, async () => {
        const viaSystemIdentity = usesSystemIdentityForCmk(x);
        if (viaSystemIdentity) deferred.push(x);
        await this.#createAccount(x, !viaSystemIdentity);
      });
    }
    for (const { a, i } of later) await this.#entry('access', i, a.vault, () => this.#access(a));
    for (const x of deferred) {
      const i = s.accounts.indexOf(x);
      await this.#entry('accounts', i, x.name, () =>
        this.storageOf(x.name).updateAccount({
          name: this.account(x.name).name,
          properties: { encryption: this.encryption(x.encryption!) },
        }),
      );
    }
  }

  async #entry(group: string, index: number, name: string, make: () => Promise<unknown>): Promise<void> {
    try {
      await make();
    } catch (error) {
      const reason =
        error instanceof AzureError
          ? `${error.status} ${error.code}: ${error.message}`
          : (error as Error).message;
      throw new SetupError(`setup.${group}[${index}] (${name}): ${reason.split('\n')[0]}`);
    }
  }

  /** The testbed time as this runner sees it. */
  now(): number {
    return this.#tb.now();
  }

  /**
   * A `storage.createAccount` step for an account not in setup: `with` is written like a setup account
   * (tenant, region, identity, encryption with symbolic names). Registers the run-scoped name first, so
   * later steps can name the account even when its creation is refused.
   */
  newAccountRequest(symbol: string, input: Record<string, unknown>): Record<string, unknown> {
    const parsed = accountSpec.safeParse({ name: symbol, ...input });
    if (!parsed.success) throw new Error(`with: ${describeIssues(parsed.error)}`);
    return this.#accountRequest(parsed.data);
  }

  #accountRequest(spec: AccountSpec): Record<string, unknown> {
    const name = this.#run.account(spec.name);
    const subscriptionId = spec.subscription
      ? this.subscriptionId(spec.subscription)
      : this.tenant(spec.tenant).subscriptionId;
    this.accounts.set(spec.name, {
      name,
      id: `/subscriptions/${subscriptionId}/resourceGroups/rg-storage/providers/Microsoft.Storage/storageAccounts/${name}`,
      region: spec.region,
    });
    this.names[spec.name] = name;
    return {
      name,
      subscriptionId,
      location: spec.region,
      ...(spec.kind !== undefined ? { kind: spec.kind } : {}),
      ...(spec.identity ? { identity: this.accountIdentity(spec.identity) } : {}),
      ...(spec.encryption ? { properties: { encryption: this.encryption(spec.encryption) } } : {}),
      // The scenario's fidelity profile travels with each account it creates, so one topology serves both.
      ...(this.#scenario.profile === 'legacy-2020' ? { profile: 'legacy-2020' } : {}),
    };
  }

  // ---- lookups by symbolic name ------------------------------------------------------------------------

  tenant(name: string): TenantObject {
    return found(this.tenants, name, 'tenant');
  }
  identity(name: string): IdentityObject {
    return found(this.identities, name, 'identity');
  }
  app(name: string): AppObject {
    return found(this.apps, name, 'app');
  }
  vault(name: string): VaultObject {
    return found(this.vaults, name, 'vault');
  }
  account(name: string): AccountObject {
    return found(this.accounts, name, 'account');
  }
  subscriptionId(name: string): string {
    return this.subscriptions.get(name)?.subscriptionId ?? this.tenant(name).subscriptionId;
  }

  storageOf(account: string) {
    return this.#tb.region(this.account(account).region).storage;
  }

  keyvaultOf(vault: string) {
    return this.#tb.region(this.vault(vault).region).keyvault;
  }

  /** `${sym.attr}` for setup objects (see DESIGN.md §5 and the README's scenario guide). */
  attribute(reference: string): unknown {
    const [name, attr, ...rest] = reference.split('.');
    if (!name || rest.length > 0) return undefined;
    const object: object | undefined =
      this.tenants.get(name) ??
      this.subscriptions.get(name) ??
      this.identities.get(name) ??
      this.apps.get(name) ??
      this.vaults.get(name) ??
      this.accounts.get(name);
    if (!object) return undefined;
    if (attr === undefined) return (object as { name?: string }).name;
    return (object as Record<string, unknown>)[attr];
  }

  /** Records what a storage reply says about an account (its system-assigned principal can change). */
  observeAccount(reply: unknown): void {
    if (typeof reply !== 'object' || reply === null) return;
    const account = reply as { name?: unknown; identity?: { principalId?: unknown } };
    for (const object of this.accounts.values()) {
      if (object.name === account.name) {
        object.principalId =
          typeof account.identity?.principalId === 'string' ? account.identity.principalId : undefined;
      }
    }
  }

  // ---- principals and their tokens ---------------------------------------------------------------------

  async principalId(ref: PrincipalRef): Promise<string> {
    if ('identity' in ref) return this.identity(ref.identity).principalId;
    if ('systemAssignedOf' in ref) {
      const account = this.account(ref.systemAssignedOf);
      const fresh = await this.storageOf(ref.systemAssignedOf).getAccount({ name: account.name });
      this.observeAccount(fresh);
      if (!account.principalId)
        throw new Error(`account '${ref.systemAssignedOf}' has no system-assigned identity`);
      return account.principalId;
    }
    const sp = await this.#tb.entra.getServicePrincipal({
      appId: this.app(ref.app).appId,
      tenantId: this.tenant(ref.tenant).tenantId,
    });
    return sp.objectId;
  }

  /** A real vault token of the principal, as its workload would get it. */
  async vaultToken(ref: PrincipalRef): Promise<string> {
    if ('identity' in ref) return `Bearer ${await this.#identityToken(ref.identity, vaultAudience)}`;
    if ('systemAssignedOf' in ref) {
      const reply = await this.#tb.entra.getManagedIdentityToken({
        resourceId: this.account(ref.systemAssignedOf).id,
        resource: vaultAudience,
      });
      return `Bearer ${reply.access_token}`;
    }
    // An app in another tenant: the federated exchange storage itself performs (facts §7).
    const spec = this.setup.apps.find((a) => a.name === ref.app);
    const credential = spec?.federatedCredentials.find((f) => f.identity !== undefined);
    if (!credential?.identity) {
      throw new Error(`as: app '${ref.app}' has no federated credential naming an identity to sign in with`);
    }
    const assertion = await this.#identityToken(credential.identity, exchangeAudience);
    const reply = await this.#tb.entra.token({
      tenantId: this.tenant(ref.tenant).tenantId,
      grant_type: 'client_credentials',
      client_id: this.app(ref.app).appId,
      scope: `${vaultAudience}/.default`,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    return `Bearer ${reply.access_token}`;
  }

  async #identityToken(identity: string, resource: string): Promise<string> {
    const object = this.identity(identity);
    const host = await this.#host(identity);
    const reply = await this.#tb.entra.getManagedIdentityToken({
      resourceId: host,
      resource,
      identity: { identityId: object.id },
    });
    return reply.access_token;
  }

  /** A notional VM of the scenario that the identity is attached to, so it can get tokens. */
  #host(identity: string): Promise<string> {
    let host = this.#hosted.get(identity);
    if (!host) {
      const object = this.identity(identity);
      const id = `/subscriptions/${object.subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/virtualMachines/${object.name}-vm`;
      host = this.#tb.entra
        .attachUserAssignedIdentity({ resourceId: id, identityId: object.id })
        .then(() => id);
      host.catch(() => this.#hosted.delete(identity));
      this.#hosted.set(identity, host);
    }
    return host;
  }

  // ---- ARM shapes with symbolic names resolved --------------------------------------------------------

  /** An account's `identity` with user-assigned identity names turned into ARM ids. */
  accountIdentity(spec: NonNullable<AccountSpec['identity']>) {
    return {
      type: spec.type,
      ...(spec.userAssignedIdentities
        ? {
            userAssignedIdentities: Object.fromEntries(
              spec.userAssignedIdentities.map((name) => [this.identity(name).id, {}]),
            ),
          }
        : {}),
    };
  }

  /** `properties.encryption` with the vault URI, identity and app resolved. */
  encryption(spec: NonNullable<AccountSpec['encryption']>) {
    const kv = spec.keyvaultproperties;
    const identity = spec.identity;
    return {
      keySource: spec.keySource,
      ...(kv
        ? {
            keyvaultproperties: {
              keyvaulturi: this.#vaultUri(kv.keyvaulturi),
              keyname: kv.keyname,
              ...(kv.keyversion !== undefined ? { keyversion: kv.keyversion } : {}),
            },
          }
        : {}),
      ...(identity
        ? {
            identity: {
              ...(identity.userAssignedIdentity
                ? { userAssignedIdentity: this.identity(identity.userAssignedIdentity).id }
                : {}),
              ...(identity.federatedIdentityClientId
                ? { federatedIdentityClientId: this.app(identity.federatedIdentityClientId).appId }
                : {}),
            },
          }
        : {}),
      ...(spec.services !== undefined ? { services: spec.services } : {}),
      ...(spec.requireInfrastructureEncryption !== undefined
        ? { requireInfrastructureEncryption: spec.requireInfrastructureEncryption }
        : {}),
    };
  }

  /** `https://kv1.vault.azure.net` → the run-scoped vault's URI; an unknown host is left as written. */
  #vaultUri(uri: string): string {
    const match = /^https:\/\/([a-z0-9-]+)\.vault\.azure\.net\/?$/i.exec(uri);
    const vault = match ? this.vaults.get(match[1]!) : undefined;
    return vault ? vault.vaultUri : uri;
  }

  // ---- creation ---------------------------------------------------------------------------------------

  async #tenant(name: string, displayName?: string): Promise<void> {
    const tenant = await this.#tb.entra.createTenant({
      displayName: displayName ?? this.#run.hyphenated(name),
    });
    const subscription = await this.#tb.entra.createSubscription({
      tenantId: tenant.tenantId,
      displayName: `${this.#run.hyphenated(name)}-sub`,
    });
    this.tenants.set(name, {
      tenantId: tenant.tenantId,
      subscriptionId: subscription.subscriptionId,
      name: tenant.displayName,
    });
    this.names[name] = tenant.tenantId;
  }

  async #subscription(name: string, tenant: string): Promise<void> {
    const created = await this.#tb.entra.createSubscription({
      tenantId: this.tenant(tenant).tenantId,
      displayName: this.#run.hyphenated(name),
    });
    this.subscriptions.set(name, {
      subscriptionId: created.subscriptionId,
      tenantId: created.tenantId,
      name: created.displayName,
    });
    this.names[name] = created.subscriptionId;
  }

  async #identity(name: string, tenant: string, subscription?: string): Promise<void> {
    const subscriptionId = subscription
      ? this.subscriptionId(subscription)
      : this.tenant(tenant).subscriptionId;
    const created = await this.#tb.entra.createUserAssignedIdentity({
      subscriptionId,
      resourceGroup,
      name: this.#run.hyphenated(name),
    });
    this.identities.set(name, {
      id: created.id,
      principalId: created.principalId,
      clientId: created.clientId,
      name: created.name,
      tenantId: created.tenantId,
      subscriptionId,
    });
    this.names[name] = created.id;
  }

  async #app(spec: ScenarioSetup['apps'][number]): Promise<void> {
    const tenantId = this.tenant(spec.tenant).tenantId;
    const created = await this.#tb.entra.createApplication({
      tenantId,
      displayName: this.#run.hyphenated(spec.name),
      multiTenant: spec.multiTenant,
    });
    this.apps.set(spec.name, { appId: created.appId, name: created.displayName, tenantId });
    this.names[spec.name] = created.appId;
    for (const f of spec.federatedCredentials) {
      const identity = f.identity ? this.identity(f.identity) : undefined;
      await this.#tb.entra.addFederatedCredential({
        appId: created.appId,
        name: f.name,
        issuer: f.issuer ?? `https://login.microsoftonline.com/${identity!.tenantId}/v2.0`,
        subject: f.subject ?? identity!.principalId,
        ...(f.audiences ? { audiences: f.audiences } : {}),
      });
    }
  }

  async #vault(spec: VaultSpec): Promise<void> {
    const tenantId = this.tenant(spec.tenant).tenantId;
    const name = this.#run.hyphenated(spec.name);
    const acls = spec.networkAcls;
    const created = await this.#tb.region(spec.region).keyvault.createVault({
      name,
      tenantId,
      subscriptionId: this.tenant(spec.tenant).subscriptionId,
      location: spec.region,
      enablePurgeProtection: spec.purgeProtection,
      enableRbacAuthorization: spec.authorization === 'rbac',
      ...(spec.softDeleteRetentionInDays !== undefined
        ? { softDeleteRetentionInDays: spec.softDeleteRetentionInDays }
        : {}),
      ...(spec.publicNetworkAccess ? { publicNetworkAccess: spec.publicNetworkAccess } : {}),
      ...(acls
        ? {
            networkAcls: {
              defaultAction: acls.defaultAction ?? 'Allow',
              bypass: acls.bypass ?? 'AzureServices',
              ipRules: (acls.ipRules ?? []).map((value) => ({ value })),
              virtualNetworkRules: (acls.virtualNetworkRules ?? []).map((id) => ({ id })),
            },
          }
        : {}),
    });
    this.vaults.set(spec.name, {
      name,
      vaultUri: created.properties.vaultUri,
      region: spec.region,
      tenantId,
    });
    this.#operator.learnVault({
      name,
      location: spec.region,
      tenantId,
      vaultUri: created.properties.vaultUri,
    });
    this.names[spec.name] = name;
  }

  async #key(spec: KeySpec): Promise<void> {
    const vault = this.vault(spec.vault);
    const now = this.#tb.now();
    const attributes = {
      ...(spec.enabled !== undefined ? { enabled: spec.enabled } : {}),
      ...(spec.exp !== undefined
        ? { exp: instantSeconds(spec.exp, now, `setup.keys (${spec.name}).exp`) }
        : {}),
      ...(spec.nbf !== undefined
        ? { nbf: instantSeconds(spec.nbf, now, `setup.keys (${spec.name}).nbf`) }
        : {}),
    };
    await this.#operator.asAdministrator(vault.name, (authorization) =>
      this.keyvaultOf(spec.vault).createKey({
        vault: vault.name,
        authorization,
        name: spec.name,
        kty: spec.kty,
        ...(spec.size !== undefined ? { key_size: spec.size as 2048 | 3072 | 4096 } : {}),
        ...(spec.curve !== undefined ? { crv: spec.curve } : {}),
        ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
      }),
    );
  }

  async #access(spec: ScenarioSetup['access'][number]): Promise<void> {
    const vault = this.vault(spec.vault);
    const principalId = await this.principalId(spec.principal);
    const keyvault = this.keyvaultOf(spec.vault);
    if (spec.role !== undefined) {
      await keyvault.assignRole({
        vault: vault.name,
        principalId,
        role: spec.role,
        ...(spec.key !== undefined ? { key: spec.key } : {}),
      });
      return;
    }
    await keyvault.setAccessPolicy({
      vault: vault.name,
      policy: {
        tenantId: vault.tenantId,
        objectId: principalId,
        permissions: { keys: spec.permissions ?? [] },
      },
    });
  }

  async #createAccount(spec: AccountSpec, withEncryption: boolean): Promise<void> {
    const { encryption, ...rest } = spec;
    const request = this.#accountRequest(withEncryption ? spec : rest);
    const created = await this.storageOf(spec.name).createAccount(request as never);
    this.observeAccount(created);
  }
}

/** CMK through the account's own system-assigned identity (no user-assigned or federated identity named). */
function usesSystemIdentityForCmk(spec: AccountSpec): boolean {
  const e = spec.encryption;
  if (e?.keySource !== 'Microsoft.Keyvault') return false;
  if (e.identity?.userAssignedIdentity || e.identity?.federatedIdentityClientId) return false;
  return spec.identity?.type.includes('SystemAssigned') ?? false;
}

function found<T>(map: Map<string, T>, name: string, kind: string): T {
  const value = map.get(name);
  if (value === undefined) throw new Error(`no ${kind} named '${name}' in setup`);
  return value;
}

/** An ISO instant, or a duration from now (`P30D`, `-P1D`), as epoch seconds. */
export function instantSeconds(value: string, now: number, field: string): number {
  const negative = value.startsWith('-');
  const body = negative ? value.slice(1) : value;
  if (/^P/i.test(body)) {
    const ms = parseDuration(body, field);
    return Math.floor((now + (negative ? -ms : ms)) / 1000);
  }
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new Error(`${field}: '${value}' is neither an ISO 8601 instant nor a duration`);
  return Math.floor(at / 1000);
}
