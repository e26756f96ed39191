import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestbed, type Testbed } from './index.js';
import { launchForTest, type TestTestbed } from './launch/launch-for-test.js';

/** The public TS API against the default topology: typed clients for every service, one clock. */
describe('connectTestbed', () => {
  let t: TestTestbed;
  let tb: Testbed;

  beforeAll(async () => {
    t = await launchForTest();
    tb = await connectTestbed(t.testbed.natsUrl);
  }, 60_000);

  afterAll(async () => {
    await tb?.close();
    await t?.dispose();
  });

  it('reaches every service, both regions, and the supervisor', async () => {
    const { tenantId } = await tb.entra.createTenant({ displayName: 'api-test' });
    await tb.keyvault.createVault({ name: 'api-test-kv-e', tenantId, location: 'eastus' });
    await tb
      .region('westeurope')
      .keyvault.createVault({ name: 'api-test-kv-w', tenantId, location: 'westeurope' });
    expect((await tb.keyvault.resolveVault({ name: 'api-test-kv-w' })).location).toBe('westeurope');
    expect((await tb.keyvault.listVaults({})).vaults.map((v) => v.name)).toContain('api-test-kv-e');
    expect((await tb.region('westeurope').keyvault.listVaults({})).vaults.map((v) => v.name)).toEqual([
      'api-test-kv-w',
    ]);
    expect((await tb.processes.list({})).processes.map((p) => p.name)).toContain('chaos-1');
    expect((await tb.chaos.list({})).faults).toEqual([]);
  });

  it('a call made after clock.advance sees the advanced time in the service', async () => {
    const before = await tb.clock.now({});
    await tb.clock.advance({ by: 'P2D' });
    // entra-svc stamps the token with its own testbed clock: it must already be two days on.
    const { tenantId } = await tb.entra.createTenant({ displayName: 'api-clock' });
    const { subscriptionId } = await tb.entra.createSubscription({ tenantId, displayName: 'api-clock' });
    const uami = await tb.entra.createUserAssignedIdentity({
      subscriptionId,
      resourceGroup: 'rg',
      name: 'api-clock',
    });
    const host = `/subscriptions/${subscriptionId}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1`;
    await tb.entra.attachUserAssignedIdentity({ resourceId: host, identityId: uami.id });
    const token = await tb.entra.getManagedIdentityToken({
      resourceId: host,
      resource: 'https://vault.azure.net',
      identity: { identityId: uami.id },
    });
    expect(Number(token.not_before) * 1000).toBeGreaterThanOrEqual(before.now + 2 * 86_400_000 - 1000);
    expect(tb.now()).toBeGreaterThanOrEqual(before.now + 2 * 86_400_000);
  });
});
