import type { ContractClient, entraContract, keyvaultContract } from '@cmk-testbed/shared';

/**
 * The seeds' basic CMK world in one tenant: a subscription, a user-assigned identity, a vault with purge
 * protection holding an RSA key, the identity granted Crypto Service Encryption User, and an admin who can
 * change the key (real identities and tokens).
 */
export async function cmkWorld(
  entra: ContractClient<typeof entraContract>,
  keyvault: ContractClient<typeof keyvaultContract>,
  name: string,
) {
  const tenant = await entra.createTenant({ displayName: name });
  const subscription = await entra.createSubscription({
    tenantId: tenant.tenantId,
    displayName: `${name}-sub`,
  });
  const uami = await entra.createUserAssignedIdentity({
    subscriptionId: subscription.subscriptionId,
    resourceGroup: 'rg',
    name: `${name}-uami`,
  });
  const adminIdentity = await entra.createUserAssignedIdentity({
    subscriptionId: subscription.subscriptionId,
    resourceGroup: 'rg',
    name: `${name}-admin`,
  });
  const adminHost = `/subscriptions/${subscription.subscriptionId}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}-admin`;
  await entra.attachUserAssignedIdentity({ resourceId: adminHost, identityId: adminIdentity.id });
  const admin = async () =>
    `Bearer ${(await entra.getManagedIdentityToken({ resourceId: adminHost, resource: 'https://vault.azure.net', identity: { identityId: adminIdentity.id } })).access_token}`;
  const vault = `${name}-kv`;
  await keyvault.createVault({
    name: vault,
    tenantId: tenant.tenantId,
    location: 'eastus',
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
  return { tenant, subscription, uami, vault, vaultUri: `https://${vault}.vault.azure.net`, admin };
}

/** The storage nodes' key cache TTL in the test topology (the testbed default, PT10M). */
export const keyCacheTtlMs = 10 * 60_000;

/**
 * Disables (revokes) or re-enables the world's key as its admin, then moves the testbed clock past the key
 * cache TTL so every storage node acts on the change even without the key event.
 */
export async function setKeyEnabled(
  keyvault: ContractClient<typeof keyvaultContract>,
  advance: (ms: number) => Promise<void>,
  world: Awaited<ReturnType<typeof cmkWorld>>,
  enabled: boolean,
): Promise<void> {
  await keyvault.updateKey({
    vault: world.vault,
    authorization: await world.admin(),
    name: 'cmk',
    attributes: { enabled },
  });
  await advance(keyCacheTtlMs + 1000);
}
