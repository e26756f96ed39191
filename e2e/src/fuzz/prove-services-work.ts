import { randomBytes } from 'node:crypto';
import type { Testbed } from '@cmk-testbed/shared';
import { expect } from 'vitest';

/**
 * The services still do their job: a new tenant and subscription, and in every region a new vault and a new
 * Microsoft-managed-key account whose blob reads back what was written. Fresh names, so nothing the
 * fuzzer touched is relied on.
 */
export async function proveServicesWork(tb: Testbed, regions: readonly string[]): Promise<void> {
  const tag = `after${randomBytes(3).toString('hex')}`;
  const { tenantId } = await tb.entra.createTenant({ displayName: tag });
  const { subscriptionId } = await tb.entra.createSubscription({ tenantId, displayName: tag });
  for (const [i, region] of regions.entries()) {
    const { keyvault, storage } = tb.region(region);
    const vault = await keyvault.createVault({ name: `${tag}-kv${i}`, tenantId, location: region });
    expect((await keyvault.getVault({ name: vault.name })).name).toBe(vault.name);
    const account = `${tag}st${i}`;
    await storage.createAccount({ name: account, subscriptionId, location: region });
    await storage.createContainer({ account, container: 'data' });
    const text = `still served in ${region} after the fuzz`;
    await storage.putBlob({ account, container: 'data', blob: 'b', body: new TextEncoder().encode(text) });
    const read = await storage.getBlob({ account, container: 'data', blob: 'b' });
    expect(Buffer.from(read.body).toString('utf8')).toBe(text);
  }
  expect((await tb.clock.now({})).now).toBeGreaterThan(0);
  expect((await tb.chaos.list({})).faults).toEqual([]);
}
