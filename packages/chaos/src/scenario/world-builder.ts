import { AzureError, type Testbed } from '@cmk-testbed/shared';
import type { Operator } from '../admin/operator.js';
import { accountRequest, encryption, instantSeconds } from './arm-shapes.js';
import type { RunNames } from './names.js';
import type { PrincipalTokens } from './principal-tokens.js';
import type { AccountSpec, KeySpec, Scenario, ScenarioSetup, VaultSpec } from './schema.js';
import { scenarioResourceGroup, type WorldObjects } from './world-objects.js';

/** A setup entry that could not be made: names the entry (`setup.accounts[0] (acct1)`) and the reason. */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}

/** What building a scenario's world takes: the testbed, the vault administrator and the objects to fill. */
export interface WorldBuilderParts {
  tb: Testbed;
  operator: Operator;
  scenario: Scenario;
  run: RunNames;
  world: WorldObjects;
  tokens: PrincipalTokens;
}

/**
 * Creates a scenario's setup entries in dependency order: tenants (each with a subscription of its own),
 * subscriptions, user-assigned identities, apps with their federated credentials, service principals,
 * vaults, keys, access, accounts. An account whose CMK uses its system-assigned identity is created with
 * Microsoft-managed keys, granted access once its identity exists, then switched to CMK: the order Azure
 * itself requires.
 */
export class WorldBuilder {
  readonly #tb: Testbed;
  readonly #operator: Operator;
  readonly #scenario: Scenario;
  readonly #run: RunNames;
  readonly #world: WorldObjects;
  readonly #tokens: PrincipalTokens;

  constructor(parts: WorldBuilderParts) {
    this.#tb = parts.tb;
    this.#operator = parts.operator;
    this.#scenario = parts.scenario;
    this.#run = parts.run;
    this.#world = parts.world;
    this.#tokens = parts.tokens;
  }

  async build(): Promise<void> {
    const s = this.#scenario.setup;
    const world = this.#world;
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
          appId: world.app(x.app).appId,
          tenantId: world.tenant(x.tenant).tenantId,
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
        world.storageOf(x.name).updateAccount({
          name: world.account(x.name).name,
          properties: { encryption: encryption(world, x.encryption!) },
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

  async #tenant(name: string, displayName?: string): Promise<void> {
    const tenant = await this.#tb.entra.createTenant({
      displayName: displayName ?? this.#run.hyphenated(name),
    });
    const subscription = await this.#tb.entra.createSubscription({
      tenantId: tenant.tenantId,
      displayName: `${this.#run.hyphenated(name)}-sub`,
    });
    this.#world.tenants.set(name, {
      tenantId: tenant.tenantId,
      subscriptionId: subscription.subscriptionId,
      name: tenant.displayName,
    });
    this.#world.names[name] = tenant.tenantId;
  }

  async #subscription(name: string, tenant: string): Promise<void> {
    const created = await this.#tb.entra.createSubscription({
      tenantId: this.#world.tenant(tenant).tenantId,
      displayName: this.#run.hyphenated(name),
    });
    this.#world.subscriptions.set(name, {
      subscriptionId: created.subscriptionId,
      tenantId: created.tenantId,
      name: created.displayName,
    });
    this.#world.names[name] = created.subscriptionId;
  }

  async #identity(name: string, tenant: string, subscription?: string): Promise<void> {
    const subscriptionId = subscription
      ? this.#world.subscriptionId(subscription)
      : this.#world.tenant(tenant).subscriptionId;
    const created = await this.#tb.entra.createUserAssignedIdentity({
      subscriptionId,
      resourceGroup: scenarioResourceGroup,
      name: this.#run.hyphenated(name),
    });
    this.#world.identities.set(name, {
      id: created.id,
      principalId: created.principalId,
      clientId: created.clientId,
      name: created.name,
      tenantId: created.tenantId,
      subscriptionId,
    });
    this.#world.names[name] = created.id;
  }

  async #app(spec: ScenarioSetup['apps'][number]): Promise<void> {
    const tenantId = this.#world.tenant(spec.tenant).tenantId;
    const created = await this.#tb.entra.createApplication({
      tenantId,
      displayName: this.#run.hyphenated(spec.name),
      multiTenant: spec.multiTenant,
    });
    this.#world.apps.set(spec.name, { appId: created.appId, name: created.displayName, tenantId });
    this.#world.names[spec.name] = created.appId;
    for (const f of spec.federatedCredentials) {
      const identity = f.identity ? this.#world.identity(f.identity) : undefined;
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
    const tenantId = this.#world.tenant(spec.tenant).tenantId;
    const name = this.#run.hyphenated(spec.name);
    const acls = spec.networkAcls;
    const created = await this.#tb.region(spec.region).keyvault.createVault({
      name,
      tenantId,
      subscriptionId: this.#world.tenant(spec.tenant).subscriptionId,
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
    this.#world.vaults.set(spec.name, {
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
    this.#world.names[spec.name] = name;
  }

  async #key(spec: KeySpec): Promise<void> {
    const vault = this.#world.vault(spec.vault);
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
      this.#world.keyvaultOf(spec.vault).createKey({
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
    const vault = this.#world.vault(spec.vault);
    const principalId = await this.#tokens.principalId(spec.principal);
    const keyvault = this.#world.keyvaultOf(spec.vault);
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
    const { encryption: _encryption, ...withoutEncryption } = spec;
    const request = accountRequest(
      this.#world,
      this.#run,
      this.#scenario.profile,
      withEncryption ? spec : withoutEncryption,
    );
    const created = await this.#world.storageOf(spec.name).createAccount(request as never);
    this.#world.observeAccount(created);
  }
}

/** CMK through the account's own system-assigned identity (no user-assigned or federated identity named). */
function usesSystemIdentityForCmk(spec: AccountSpec): boolean {
  const e = spec.encryption;
  if (e?.keySource !== 'Microsoft.Keyvault') return false;
  if (e.identity?.userAssignedIdentity || e.identity?.federatedIdentityClientId) return false;
  return spec.identity?.type.includes('SystemAssigned') ?? false;
}
