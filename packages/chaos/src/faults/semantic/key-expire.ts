import { z } from 'zod';
import { actionKind } from '../fault-kind.js';
import { keyVersionRefSchema, targetKey, updateKeyVersion } from '../world/target-key.js';

const undoSchema = keyVersionRefSchema.extend({
  /** The version's expiry before the fault (epoch seconds), absent when it had none. */
  exp: z.number().int().optional(),
});

/**
 * Sets the newest version's `exp` to the testbed clock's now: the key is expired from now on. Key Vault then
 * refuses wrap (and encrypt, sign) but still unwraps, so storage keeps serving: expiry does not revoke CMK
 * (facts §2, §11 item 8). Undo restores the previous `exp`, or removes it (`exp: null`) when there was none.
 */
export const keyExpire = actionKind({
  group: 'semantic',
  kind: 'key-expire',
  description: "Expires the key's newest version now (updateKey exp = testbed now)",
  undoSchema,
  async apply(request, ctx) {
    const { ref, version, attributes } = await targetKey(request, ctx);
    const undo = {
      ...ref,
      version,
      ...(attributes.exp !== undefined ? { exp: attributes.exp } : {}),
    };
    await ctx.remember(undo);
    const exp = Math.floor(ctx.clock.now() / 1000);
    await updateKeyVersion(ctx, undo, { exp });
    return {
      effect: `set exp of version ${version} of key ${ref.key} in vault ${ref.vault} to ${new Date(exp * 1000).toISOString()} (testbed now; ${
        undo.exp === undefined ? 'it had no expiry' : `it expired ${new Date(undo.exp * 1000).toISOString()}`
      }); wrap is refused from now on, unwrap still works, so storage is not revoked`,
      undo,
    };
  },
  undo: (record, ctx) => updateKeyVersion(ctx, record, { exp: record.exp ?? null }),
});
