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
    const target = readTarget(request, { required: ['vault', 'key'] });
    const at = await vaultOf(ctx, target.vault);
    const { version, attributes } = await latestKeyVersion(ctx, at, target.key);
    const undo = {
      vault: at.vault.name,
      region: at.region,
      key: target.key,
      version,
      ...(attributes.exp !== undefined ? { exp: attributes.exp } : {}),
    };
    await ctx.remember(undo);
    const exp = Math.floor(ctx.clock.now() / 1000);
    await setExp(ctx, undo, exp);
    return {
      effect: `set exp of version ${version} of key ${target.key} in vault ${undo.vault} to ${new Date(exp * 1000).toISOString()} (testbed now; ${
        undo.exp === undefined ? 'it had no expiry' : `it expired ${new Date(undo.exp * 1000).toISOString()}`
      }); wrap is refused from now on, unwrap still works, so storage is not revoked`,
      undo,
    };
  },
  undo: (record, ctx) => setExp(ctx, record, record.exp ?? null),
});

async function setExp(
  ctx: FaultContext,
  key: z.output<typeof undoSchema>,
  exp: number | null,
): Promise<void> {
  const keyvault = ctx.operator.keyvault(key.region);
  await ctx.operator.asAdministrator(key.vault, (authorization) =>
    keyvault.updateKey({
      vault: key.vault,
      authorization,
      name: key.key,
      version: key.version,
      attributes: { exp },
    }),
  );
}
