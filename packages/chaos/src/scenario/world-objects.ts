import type { Testbed } from '@cmk-testbed/shared';

/** The resource group of the scenario's user-assigned identities and of the hosts they are attached to. */
export const scenarioResourceGroup = 'rg';

export interface TenantObject {
  tenantId: string;
  subscriptionId: string;
  name: string;
}
export interface SubscriptionObject {
  subscriptionId: string;
  tenantId: string;
  name: string;
}
export interface IdentityObject {
  id: string;
  principalId: string;
  clientId: string;
  name: string;
  tenantId: string;
  subscriptionId: string;
}
export interface AppObject {
  appId: string;
  name: string;
  tenantId: string;
}
export interface VaultObject {
  name: string;
  vaultUri: string;
  region: string;
  tenantId: string;
}
export interface AccountObject {
  name: string;
  id: string;
  region: string;
  principalId?: string | undefined;
}

/**
 * The real objects of a scenario, each under the symbolic name the scenario gives it, and the lookups steps
 * resolve those names with. A lookup of a name the setup never made throws, naming the kind and the name.
 */
export class WorldObjects {
  readonly tenants = new Map<string, TenantObject>();
  readonly subscriptions = new Map<string, SubscriptionObject>();
  readonly identities = new Map<string, IdentityObject>();
  readonly apps = new Map<string, AppObject>();
  readonly vaults = new Map<string, VaultObject>();
  readonly accounts = new Map<string, AccountObject>();
  /** Symbolic name → real name or id, for reports. */
  readonly names: Record<string, string> = {};
  readonly #tb: Testbed;

  constructor(tb: Testbed) {
    this.#tb = tb;
  }

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
}

function found<T>(map: Map<string, T>, name: string, kind: string): T {
  const value = map.get(name);
  if (value === undefined) throw new Error(`no ${kind} named '${name}' in setup`);
  return value;
}
