import type { Testbed } from '@cmk-testbed/shared';
import type { PrincipalRef, ScenarioSetup } from './schema.js';
import { scenarioResourceGroup, type WorldObjects } from './world-objects.js';

const vaultAudience = 'https://vault.azure.net';
const exchangeAudience = 'api://AzureADTokenExchange';

/**
 * The scenario's principals as Entra knows them: their object ids, and real vault tokens obtained the way
 * their workloads would obtain them. Identities used to sign in are attached to a notional host of the
 * runner's own, once each.
 */
export class PrincipalTokens {
  readonly #tb: Testbed;
  readonly #world: WorldObjects;
  readonly #setup: ScenarioSetup;
  /** Identities attached to the runner's own host (for `as: { identity }` tokens and federated assertions). */
  readonly #hosted = new Map<string, Promise<string>>();

  constructor(tb: Testbed, world: WorldObjects, setup: ScenarioSetup) {
    this.#tb = tb;
    this.#world = world;
    this.#setup = setup;
  }

  async principalId(ref: PrincipalRef): Promise<string> {
    const world = this.#world;
    if ('identity' in ref) return world.identity(ref.identity).principalId;
    if ('systemAssignedOf' in ref) {
      const account = world.account(ref.systemAssignedOf);
      const fresh = await world.storageOf(ref.systemAssignedOf).getAccount({ name: account.name });
      world.observeAccount(fresh);
      if (!account.principalId)
        throw new Error(`account '${ref.systemAssignedOf}' has no system-assigned identity`);
      return account.principalId;
    }
    const sp = await this.#tb.entra.getServicePrincipal({
      appId: world.app(ref.app).appId,
      tenantId: world.tenant(ref.tenant).tenantId,
    });
    return sp.objectId;
  }

  /** A real vault token of the principal, as its workload would get it. */
  async vaultToken(ref: PrincipalRef): Promise<string> {
    if ('identity' in ref) return `Bearer ${await this.#identityToken(ref.identity, vaultAudience)}`;
    if ('systemAssignedOf' in ref) {
      const reply = await this.#tb.entra.getManagedIdentityToken({
        resourceId: this.#world.account(ref.systemAssignedOf).id,
        resource: vaultAudience,
      });
      return `Bearer ${reply.access_token}`;
    }
    // An app in another tenant: the federated exchange storage itself performs (facts §7).
    const spec = this.#setup.apps.find((a) => a.name === ref.app);
    const credential = spec?.federatedCredentials.find((f) => f.identity !== undefined);
    if (!credential?.identity) {
      throw new Error(`as: app '${ref.app}' has no federated credential naming an identity to sign in with`);
    }
    const assertion = await this.#identityToken(credential.identity, exchangeAudience);
    const reply = await this.#tb.entra.token({
      tenantId: this.#world.tenant(ref.tenant).tenantId,
      grant_type: 'client_credentials',
      client_id: this.#world.app(ref.app).appId,
      scope: `${vaultAudience}/.default`,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    return `Bearer ${reply.access_token}`;
  }

  async #identityToken(identity: string, resource: string): Promise<string> {
    const object = this.#world.identity(identity);
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
      const object = this.#world.identity(identity);
      const id = `/subscriptions/${object.subscriptionId}/resourceGroups/${scenarioResourceGroup}/providers/Microsoft.Compute/virtualMachines/${object.name}-vm`;
      host = this.#tb.entra
        .attachUserAssignedIdentity({ resourceId: id, identityId: object.id })
        .then(() => id);
      host.catch(() => this.#hosted.delete(identity));
      this.#hosted.set(identity, host);
    }
    return host;
  }
}
