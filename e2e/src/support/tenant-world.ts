import type { Testbed } from '@cmk-testbed/shared';

/** What a customer has in one tenant: a subscription and an administrator who can manage vault keys. */
export interface TenantWorld {
  tenantId: string;
  subscriptionId: string;
  /** A bearer token of the tenant's Key Vault administrator (a managed identity on a notional VM). */
  admin(): Promise<string>;
  adminPrincipalId: string;
}

/**
 * A tenant as a customer sets it up through the public contracts: a subscription, and an administrator
 * identity on a VM, whose real managed-identity token signs key operations.
 */
export async function tenantWorld(tb: Testbed, name: string): Promise<TenantWorld> {
  const { tenantId } = await tb.entra.createTenant({ displayName: name });
  const { subscriptionId } = await tb.entra.createSubscription({ tenantId, displayName: `${name}-sub` });
  const adminIdentity = await tb.entra.createUserAssignedIdentity({
    subscriptionId,
    resourceGroup: 'rg-admin',
    name: `${name}-admin`,
  });
  const vm = `/subscriptions/${subscriptionId}/resourceGroups/rg-admin/providers/Microsoft.Compute/virtualMachines/${name}-admin-vm`;
  await tb.entra.attachUserAssignedIdentity({ resourceId: vm, identityId: adminIdentity.id });
  const admin = async () => {
    const token = await tb.entra.getManagedIdentityToken({
      resourceId: vm,
      resource: 'https://vault.azure.net',
      identity: { identityId: adminIdentity.id },
    });
    return `Bearer ${token.access_token}`;
  };
  return { tenantId, subscriptionId, admin, adminPrincipalId: adminIdentity.principalId };
}

/** A vault with purge protection (as CMK requires), the tenant's admin as Key Vault Administrator, an RSA key. */
export async function vaultWithKey(
  tb: Testbed,
  world: TenantWorld,
  vault: string,
  options: { region?: string; key?: string } = {},
): Promise<{ vaultUri: string; kid: string }> {
  const region = options.region ?? 'eastus';
  const keyvault = tb.region(region).keyvault;
  const created = await keyvault.createVault({
    name: vault,
    tenantId: world.tenantId,
    subscriptionId: world.subscriptionId,
    location: region,
    enablePurgeProtection: true,
  });
  await keyvault.assignRole({ vault, principalId: world.adminPrincipalId, role: 'Key Vault Administrator' });
  const key = await keyvault.createKey({
    vault,
    authorization: await world.admin(),
    name: options.key ?? 'cmk',
    kty: 'RSA',
    key_size: 2048,
  });
  return { vaultUri: created.properties.vaultUri, kid: key.key.kid };
}

/** The storage nodes' unwrapped-key cache TTL on the default topology (PT10M), plus a margin. */
export const pastKeyCacheTtl = 'PT11M';
