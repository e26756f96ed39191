import type { NetworkAcls } from '@cmk-testbed/shared';
import { actionKind, FaultTargetError } from '../fault-kind.js';
import { readTarget } from '../read-target.js';
import { setVaultNetwork, vaultNetworkSchema } from '../world/vault-network.js';
import { vaultOf } from '../world/vault-of.js';

/**
 * Chaos Studio's Key Vault fault `DenyAccess-1.0` (facts §9): it blocks all network access by changing the
 * vault's network rules — a vault that allows all networks switches to selected networks with nothing
 * allowed; a vault on selected networks loses its virtual-network rules — and restores them at the end.
 * Its prerequisites are checked as Chaos Studio documents them and refused naming the one not met: no
 * trusted-services bypass, no IP firewall rules, at least one virtual-network rule on selected networks, not
 * in recover mode (soft-deleted). So it cannot target a typical CMK vault, which needs the bypass.
 */
export const denyAccess = actionKind({
  group: 'semantic',
  kind: 'deny-access',
  description:
    "Chaos Studio's DenyAccess-1.0: blocks all network access to the vault, with its prerequisites",
  undoSchema: vaultNetworkSchema,
  async apply(request, ctx) {
    const target = readTarget(request, { required: ['vault'] });
    const at = await vaultOf(
      ctx,
      target.vault,
      "does not meet DenyAccess's prerequisites: it is in recover mode (soft-deleted); recover it first",
    );
    const { publicNetworkAccess, networkAcls } = at.vault.properties;
    checkPrerequisites(at.vault.name, networkAcls);
    const undo = { vault: at.vault.name, region: at.region, publicNetworkAccess, networkAcls };
    await ctx.remember(undo);
    const allNetworks = networkAcls.defaultAction === 'Allow';
    await setVaultNetwork(ctx, {
      vault: undo.vault,
      region: undo.region,
      networkAcls: { ...networkAcls, defaultAction: 'Deny', virtualNetworkRules: [] },
    });
    return {
      effect: allNetworks
        ? `vault ${undo.vault} allowed all networks: switched it to selected networks with nothing allowed`
        : `vault ${undo.vault} uses selected networks: removed its ${networkAcls.virtualNetworkRules.length} virtual-network rule(s), so nothing is allowed`,
      undo,
    };
  },
  undo: (record, ctx) => setVaultNetwork(ctx, record),
});

function checkPrerequisites(vault: string, acls: NetworkAcls): void {
  const prefix = `target.vault: vault '${vault}' does not meet DenyAccess's prerequisites:`;
  if (acls.bypass === 'AzureServices')
    throw new FaultTargetError(
      `${prefix} it allows trusted Azure services to bypass its firewall (networkAcls.bypass AzureServices); set bypass None, or use firewall-deny`,
    );
  if (acls.ipRules.length > 0)
    throw new FaultTargetError(
      `${prefix} it has ${acls.ipRules.length} IP firewall rule(s) (networkAcls.ipRules); it must have none`,
    );
  if (acls.defaultAction === 'Deny' && acls.virtualNetworkRules.length === 0)
    throw new FaultTargetError(
      `${prefix} it uses selected networks without a virtual-network rule (networkAcls.virtualNetworkRules); it needs at least one`,
    );
}
