import type { DeletedVault, Vault } from '@cmk-testbed/shared';
import type { StoredVault } from './documents.js';

export function vaultResourceId(v: Pick<StoredVault, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return `/subscriptions/${v.subscriptionId}/resourceGroups/${v.resourceGroup}/providers/Microsoft.KeyVault/vaults/${v.name}`;
}

export function vaultUri(name: string): string {
  return `https://${name}.vault.azure.net/`;
}

/** A stored vault in ARM's shape. */
export function presentVault(v: StoredVault): Vault {
  return {
    id: vaultResourceId(v),
    name: v.name,
    location: v.location,
    properties: {
      tenantId: v.tenantId,
      sku: { family: 'A', name: v.sku },
      enableSoftDelete: true,
      softDeleteRetentionInDays: v.softDeleteRetentionInDays,
      enablePurgeProtection: v.enablePurgeProtection,
      enableRbacAuthorization: v.enableRbacAuthorization,
      publicNetworkAccess: v.publicNetworkAccess,
      networkAcls: v.networkAcls,
      accessPolicies: v.accessPolicies,
      vaultUri: vaultUri(v.name),
    },
  };
}

export function presentDeletedVault(v: StoredVault): DeletedVault {
  return {
    id: `/subscriptions/${v.subscriptionId}/providers/Microsoft.KeyVault/locations/${v.location}/deletedVaults/${v.name}`,
    name: v.name,
    properties: {
      vaultId: vaultResourceId(v),
      location: v.location,
      deletionDate: new Date(v.deleted?.deletionDate ?? 0).toISOString(),
      scheduledPurgeDate: new Date(v.deleted?.scheduledPurgeDate ?? 0).toISOString(),
      purgeProtectionEnabled: v.enablePurgeProtection,
    },
  };
}
