import { discoverInstances } from '@cmk-testbed/shared';
import type { FaultContext } from '../fault-kind.js';

/** The regions a regional service serves right now (from `$SRV.PING`), sorted. */
export async function serviceRegions(ctx: FaultContext, service: 'keyvault' | 'storage'): Promise<string[]> {
  const found = await discoverInstances(ctx.nc, `cmk-${service}`);
  return [...new Set(found.map((i) => i.scope))].sort();
}
