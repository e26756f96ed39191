import { parseDuration } from '@cmk-testbed/shared';
import type { RunNames } from './names.js';
import type { AccountSpec, Scenario } from './schema.js';
import type { WorldObjects } from './world-objects.js';

/**
 * `storage.createAccount`'s request for an account written like a setup account (symbolic names resolved).
 * Registers the account's run-scoped name and ARM id in the world first, so later steps can name the account
 * even when its creation is refused.
 */
export function accountRequest(
  world: WorldObjects,
  run: RunNames,
  profile: Scenario['profile'],
  spec: AccountSpec,
): Record<string, unknown> {
  const name = run.account(spec.name);
  const subscriptionId = spec.subscription
    ? world.subscriptionId(spec.subscription)
    : world.tenant(spec.tenant).subscriptionId;
  world.accounts.set(spec.name, {
    name,
    id: `/subscriptions/${subscriptionId}/resourceGroups/rg-storage/providers/Microsoft.Storage/storageAccounts/${name}`,
    region: spec.region,
  });
  world.names[spec.name] = name;
  return {
    name,
    subscriptionId,
    location: spec.region,
    ...(spec.kind !== undefined ? { kind: spec.kind } : {}),
    ...(spec.identity ? { identity: accountIdentity(world, spec.identity) } : {}),
    ...(spec.encryption ? { properties: { encryption: encryption(world, spec.encryption) } } : {}),
    // The scenario's fidelity profile travels with each account it creates, so one topology serves both.
    ...(profile === 'legacy-2020' ? { profile: 'legacy-2020' } : {}),
  };
}

/** An account's `identity` with user-assigned identity names turned into ARM ids. */
export function accountIdentity(world: WorldObjects, spec: NonNullable<AccountSpec['identity']>) {
  return {
    type: spec.type,
    ...(spec.userAssignedIdentities
      ? {
          userAssignedIdentities: Object.fromEntries(
            spec.userAssignedIdentities.map((name) => [world.identity(name).id, {}]),
          ),
        }
      : {}),
  };
}

/** `properties.encryption` with the vault URI, identity and app resolved. */
export function encryption(world: WorldObjects, spec: NonNullable<AccountSpec['encryption']>) {
  const kv = spec.keyvaultproperties;
  const identity = spec.identity;
  return {
    keySource: spec.keySource,
    ...(kv
      ? {
          keyvaultproperties: {
            keyvaulturi: vaultUri(world, kv.keyvaulturi),
            keyname: kv.keyname,
            ...(kv.keyversion !== undefined ? { keyversion: kv.keyversion } : {}),
          },
        }
      : {}),
    ...(identity
      ? {
          identity: {
            ...(identity.userAssignedIdentity
              ? { userAssignedIdentity: world.identity(identity.userAssignedIdentity).id }
              : {}),
            ...(identity.federatedIdentityClientId
              ? { federatedIdentityClientId: world.app(identity.federatedIdentityClientId).appId }
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
function vaultUri(world: WorldObjects, uri: string): string {
  const match = /^https:\/\/([a-z0-9-]+)\.vault\.azure\.net\/?$/i.exec(uri);
  const vault = match ? world.vaults.get(match[1]!) : undefined;
  return vault ? vault.vaultUri : uri;
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
