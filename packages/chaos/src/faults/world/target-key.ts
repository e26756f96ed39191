import type { KeyAttributes, keyvaultContract, RequestOf } from '@cmk-testbed/shared';
import { z } from 'zod';
import type { FaultContext, FaultRequest } from '../fault-kind.js';
import { readTarget } from '../read-target.js';
import { latestKeyVersion } from './key-versions.js';
import { type VaultAt, vaultOf } from './vault-of.js';

/** A key as an undo record keeps it: enough to reach it again without looking the vault up. */
export const keyRefSchema = z.object({ vault: z.string(), region: z.string(), key: z.string() });

/** One version of a key, for the kinds that change that version's attributes. */
export const keyVersionRefSchema = keyRefSchema.extend({ version: z.string() });

export type KeyRef = z.output<typeof keyRefSchema>;
export type KeyVersionRef = z.output<typeof keyVersionRefSchema>;

type UpdatableAttributes = NonNullable<RequestOf<typeof keyvaultContract, 'updateKey'>['attributes']>;

/**
 * The key `target.vault` and `target.key` name, with its newest version and that version's attributes as
 * they are before the fault changes anything. A missing vault or key (or a soft-deleted one) is refused
 * naming the field, so nothing has changed yet.
 */
export async function targetKey(
  request: FaultRequest,
  ctx: FaultContext,
): Promise<{ at: VaultAt; ref: KeyRef; version: string; attributes: KeyAttributes }> {
  const target = readTarget(request, { required: ['vault', 'key'] });
  const at = await vaultOf(ctx, target.vault);
  const { version, attributes } = await latestKeyVersion(ctx, at, target.key);
  return { at, ref: { vault: at.vault.name, region: at.region, key: target.key }, version, attributes };
}

/** Changes attributes of one key version as the vault's administrator (the data plane needs a token). */
export async function updateKeyVersion(
  ctx: FaultContext,
  key: KeyVersionRef,
  attributes: UpdatableAttributes,
): Promise<void> {
  const keyvault = ctx.operator.keyvault(key.region);
  await ctx.operator.asAdministrator(key.vault, (authorization) =>
    keyvault.updateKey({ vault: key.vault, authorization, name: key.key, version: key.version, attributes }),
  );
}
