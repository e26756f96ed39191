import { z } from 'zod';
import { actionKind, type FaultContext } from '../fault-kind.js';
import { readTarget } from '../read-target.js';
import { latestKeyVersion } from '../world/key-versions.js';
import { vaultOf } from '../world/vault-of.js';

const undoSchema = z.object({
  vault: z.string(),
  region: z.string(),
  key: z.string(),
  version: z.string(),
  enabled: z.boolean(),
});

/**
 * Disables the key's newest version, the documented way to revoke CMK access (storage answers 403
 * KeyVaultEncryptionKeyNotFound once its key cache expires). Undo puts back the version's previous state.
 */
export const keyDisable = actionKind({
  group: 'semantic',
  kind: 'key-disable',
  description: "Disables the key's newest version (updateKey enabled=false)",
  undoSchema,
  async apply(request, ctx) {
    const target = readTarget(request, { required: ['vault', 'key'] });
    const at = await vaultOf(ctx, target.vault);
    const { version, attributes } = await latestKeyVersion(ctx, at, target.key);
    const undo = {
      vault: at.vault.name,
      region: at.region,
      key: target.key,
      version,
      enabled: attributes.enabled,
    };
    await ctx.remember(undo);
    await setEnabled(ctx, undo, false);
    return {
      effect: `disabled version ${version} of key ${target.key} in vault ${undo.vault}${attributes.enabled ? '' : ' (it was already disabled; undo leaves it disabled)'}`,
      undo,
    };
  },
  undo: (record, ctx) => setEnabled(ctx, record, record.enabled),
});

async function setEnabled(
  ctx: FaultContext,
  key: z.output<typeof undoSchema>,
  enabled: boolean,
): Promise<void> {
  const keyvault = ctx.operator.keyvault(key.region);
  await ctx.operator.asAdministrator(key.vault, (authorization) =>
    keyvault.updateKey({
      vault: key.vault,
      authorization,
      name: key.key,
      version: key.version,
      attributes: { enabled },
    }),
  );
}
