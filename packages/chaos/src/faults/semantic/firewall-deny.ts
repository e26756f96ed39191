import { actionKind } from '../fault-kind.js';
import { readTarget } from '../read-target.js';
import { describeAcls, setVaultNetwork, vaultNetworkSchema } from '../world/vault-network.js';
import { vaultOf } from '../world/vault-of.js';

/**
 * Closes a vault's firewall to everyone: default action Deny, no trusted-service bypass, no IP or
 * virtual-network rules. Unlike `deny-access` it takes any vault, including the usual CMK vault with the
 * trusted-services bypass, so storage gets 403 KeyVaultEncryptionKeyNotFound (ForbiddenByFirewall
 * underneath). The operator calls from a public address, so key faults on the same vault fail meanwhile.
 * Undo restores the network settings exactly.
 */
export const firewallDeny = actionKind({
  group: 'semantic',
  kind: 'firewall-deny',
  description: "Closes the vault's firewall: Deny, bypass None, no IP or virtual-network rules",
  undoSchema: vaultNetworkSchema,
  async apply(request, ctx) {
    const target = readTarget(request, { required: ['vault'] });
    const at = await vaultOf(ctx, target.vault);
    const { publicNetworkAccess, networkAcls } = at.vault.properties;
    const undo = { vault: at.vault.name, region: at.region, publicNetworkAccess, networkAcls };
    await ctx.remember(undo);
    await setVaultNetwork(ctx, {
      vault: undo.vault,
      region: undo.region,
      networkAcls: { defaultAction: 'Deny', bypass: 'None', ipRules: [], virtualNetworkRules: [] },
    });
    return {
      effect: `closed the firewall of vault ${undo.vault} to every caller, trusted Azure services included (it was: ${describeAcls(networkAcls)})`,
      undo,
    };
  },
  undo: (record, ctx) => setVaultNetwork(ctx, record),
});
