import type { StorageAccount } from '@cmk-testbed/shared';
import { type FaultContext, FaultTargetError } from '../fault-kind.js';
import { isBadRequest, isNotFound } from './azure-errors.js';
import { serviceRegions } from './service-regions.js';

/** A storage account by name in whichever region holds it; a missing one is refused naming `target.account`. */
export async function findAccount(
  ctx: FaultContext,
  name: string,
): Promise<{ region: string; account: StorageAccount }> {
  const regions = await serviceRegions(ctx, 'storage');
  for (const region of regions) {
    try {
      return { region, account: await ctx.operator.storage(region).getAccount({ name }) };
    } catch (error) {
      if (isBadRequest(error)) throw new FaultTargetError(`target.account: ${(error as Error).message}`);
      if (!isNotFound(error)) throw error;
    }
  }
  throw new FaultTargetError(
    `target.account: there is no storage account '${name}' (regions with storage nodes: ${regions.join(', ') || 'none'})`,
  );
}

/** The accounts of every region, with their region. */
export async function everyAccount(
  ctx: FaultContext,
): Promise<{ region: string; account: StorageAccount }[]> {
  const all: { region: string; account: StorageAccount }[] = [];
  for (const region of await serviceRegions(ctx, 'storage')) {
    for (const account of (await ctx.operator.storage(region).listAccounts({})).value)
      all.push({ region, account });
  }
  return all;
}
