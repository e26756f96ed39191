import { type NetworkAcls, networkAclsSchema } from '@cmk-testbed/shared';
import { z } from 'zod';
import type { FaultContext } from '../fault-kind.js';

/** A vault's network settings as they were before a fault changed them. */
export const vaultNetworkSchema = z.object({
  vault: z.string(),
  region: z.string(),
  publicNetworkAccess: z.enum(['Enabled', 'Disabled']),
  networkAcls: networkAclsSchema,
});

export type VaultNetwork = z.output<typeof vaultNetworkSchema>;

/** Sets a vault's network settings (control plane: ARM is not behind the vault's own firewall). */
export async function setVaultNetwork(
  ctx: FaultContext,
  network: {
    vault: string;
    region: string;
    publicNetworkAccess?: 'Enabled' | 'Disabled';
    networkAcls: NetworkAcls;
  },
): Promise<void> {
  await ctx.operator.keyvault(network.region).updateVault({
    name: network.vault,
    networkAcls: network.networkAcls,
    ...(network.publicNetworkAccess ? { publicNetworkAccess: network.publicNetworkAccess } : {}),
  });
}

/** `defaultAction Deny, bypass AzureServices, 2 IP rules, 1 virtual-network rule`, for effects. */
export function describeAcls(acls: NetworkAcls): string {
  return `defaultAction ${acls.defaultAction}, bypass ${acls.bypass}, ${acls.ipRules.length} IP rule(s), ${acls.virtualNetworkRules.length} virtual-network rule(s)`;
}
