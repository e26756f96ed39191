import type { RequestOf, storageContract, Testbed } from '@cmk-testbed/shared';
import { uniqueName } from '@cmk-testbed/shared/testing';
import { tenantWorld, vaultWithKey } from './tenant-world.js';

export interface CmkWorldOptions {
  /** A short prefix for every name in the world (made unique per run). */
  name: string;
  /** Where the vault lives; its keyvault-svc is reached through `tb.region(vaultRegion)`. */
  vaultRegion?: string;
}

export type CmkWorld = Awaited<ReturnType<typeof createCmkWorld>>;

/**
 * The seeds' basic CMK world in one tenant, built only through the public contracts: a subscription, a
 * user-assigned identity granted Crypto Service Encryption User on a purge-protected vault holding an RSA
 * key named `cmk`, and an admin whose real token comes from a managed identity on a notional VM.
 */
export async function createCmkWorld(tb: Testbed, options: CmkWorldOptions) {
  const name = uniqueName(options.name);
  const vaultRegion = options.vaultRegion ?? 'eastus';
  const world = await tenantWorld(tb, name);
  const uami = await tb.entra.createUserAssignedIdentity({
    subscriptionId: world.subscriptionId,
    resourceGroup: 'rg',
    name: `${name}-uami`,
  });
  // Vault names are global in Azure and at most 24 characters: the random suffix keeps runs apart.
  const vault = `kv${name.slice(-8)}${vaultRegion.slice(0, 4)}`;
  const { vaultUri, kid } = await vaultWithKey(tb, world, vault, { region: vaultRegion });
  await tb.region(vaultRegion).keyvault.assignRole({
    vault,
    principalId: uami.principalId,
    role: 'Key Vault Crypto Service Encryption User',
  });
  return {
    tenant: { tenantId: world.tenantId },
    subscription: { subscriptionId: world.subscriptionId },
    uami,
    vault,
    vaultRegion,
    vaultUri,
    kid,
    admin: world.admin,
  };
}

type CreateAccount = RequestOf<typeof storageContract, 'createAccount'>;

/** CMK at creation with the world's user-assigned identity and key `cmk` (no pinned version). */
export function cmkAccount(world: CmkWorld, name: string, location = 'eastus'): CreateAccount {
  return {
    name,
    subscriptionId: world.subscription.subscriptionId,
    location,
    identity: { type: 'UserAssigned', userAssignedIdentities: { [world.uami.id]: {} } },
    properties: {
      encryption: {
        keySource: 'Microsoft.Keyvault',
        keyvaultproperties: { keyvaulturi: world.vaultUri, keyname: 'cmk' },
        identity: { userAssignedIdentity: world.uami.id },
      },
    },
  };
}

/** An account with Microsoft-managed keys (the default key source) in the world's subscription. */
export function platformAccount(world: CmkWorld, name: string, location = 'eastus'): CreateAccount {
  return { name, subscriptionId: world.subscription.subscriptionId, location };
}
