import { z } from 'zod';
import { actionKind } from '../fault-kind.js';
import { keyVersionRefSchema, targetKey, updateKeyVersion } from '../world/target-key.js';

const undoSchema = keyVersionRefSchema.extend({ enabled: z.boolean() });

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
    const { ref, version, attributes } = await targetKey(request, ctx);
    const undo = { ...ref, version, enabled: attributes.enabled };
    await ctx.remember(undo);
    await updateKeyVersion(ctx, undo, { enabled: false });
    return {
      effect: `disabled version ${version} of key ${ref.key} in vault ${ref.vault}${attributes.enabled ? '' : ' (it was already disabled; undo leaves it disabled)'}`,
      undo,
    };
  },
  undo: (record, ctx) => updateKeyVersion(ctx, record, { enabled: record.enabled }),
});
