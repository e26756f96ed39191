import type { RequestOf, storageContract, Testbed } from '@cmk-testbed/shared';
import { uniqueName } from '@cmk-testbed/shared/testing';

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
  const keyvault = tb.region(vaultRegion).keyvault;
  const tenant = await tb.entra.createTenant({ displayName: name });
  const subscription = await tb.entra.createSubscription({
    tenantId: tenant.tenantId,
    displayName: `${name}-sub`,
  });
  const uami = await tb.entra.createUserAssignedIdentity({
    subscriptionId: subscription.subscriptionId,
    resourceGroup: 'rg',
    name: `${name}-uami`,
  });
  const adminIdentity = await tb.entra.createUserAssignedIdentity({
    subscriptionId: subscription.subscriptionId,
    resourceGroup: 'rg',
    name: `${name}-admin`,
  });
  const adminHost = `/subscriptions/${subscription.subscriptionId}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}-admin`;
  await tb.entra.attachUserAssignedIdentity({ resourceId: adminHost, identityId: adminIdentity.id });
  const admin = async () => {
    const token = await tb.entra.getManagedIdentityToken({
      resourceId: adminHost,
      resource: 'https://vault.azure.net',
      identity: { identityId: adminIdentity.id },
    });
    return `Bearer ${token.access_token}`;
  };
  // Vault names are global in Azure and at most 24 characters: the random suffix keeps runs apart.
  const vault = `kv${name.slice(-8)}${vaultRegion.slice(0, 4)}`;
  await keyvault.createVault({
    name: vault,
    tenantId: tenant.tenantId,
    location: vaultRegion,
    enablePurgeProtection: true,
  });
  await keyvault.assignRole({
    vault,
    principalId: adminIdentity.principalId,
    role: 'Key Vault Administrator',
  });
  await keyvault.assignRole({
    vault,
    principalId: uami.principalId,
    role: 'Key Vault Crypto Service Encryption User',
  });
  await keyvault.createKey({ vault, authorization: await admin(), name: 'cmk', kty: 'RSA', key_size: 2048 });
  return {
    tenant,
    subscription,
    uami,
    vault,
    vaultRegion,
    vaultUri: `https://${vault}.vault.azure.net`,
    admin,
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
