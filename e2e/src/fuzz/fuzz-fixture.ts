import type { Testbed } from '@cmk-testbed/shared';
import type { KnownNames } from './hostile-values.js';

/**
 * A small world the hostile requests can hit: a tenant with a subscription, an identity that holds
 * Key Vault Administrator on one vault per region (each with a key), and per region an MMK account holding
 * a container with a blob, a share with a file, a queue and a table, plus a CMK account on the eastern vault.
 * Its names (and a valid bearer token) join the value pool, so absurd requests get past "not found".
 */
export async function createFuzzFixture(
  tb: Testbed,
  regions: readonly string[],
  seed: number,
): Promise<KnownNames> {
  const tag = `fz${seed.toString(36)}`;
  const { tenantId } = await tb.entra.createTenant({ displayName: tag });
  const { subscriptionId } = await tb.entra.createSubscription({ tenantId, displayName: tag });
  const identity = await tb.entra.createUserAssignedIdentity({
    subscriptionId,
    resourceGroup: 'rg',
    name: tag,
  });
  const host = `/subscriptions/${subscriptionId}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${tag}`;
  await tb.entra.attachUserAssignedIdentity({ resourceId: host, identityId: identity.id });
  const token = await tb.entra.getManagedIdentityToken({
    resourceId: host,
    resource: 'https://vault.azure.net',
    identity: { identityId: identity.id },
  });
  const authorization = `Bearer ${token.access_token}`;
  const { appId } = await tb.entra.createApplication({ tenantId, displayName: tag });

  const names: string[] = [
    tenantId,
    subscriptionId,
    identity.id,
    identity.principalId,
    host,
    appId,
    authorization,
  ];
  for (const [i, region] of regions.entries()) {
    const { keyvault, storage } = tb.region(region);
    const vault = `${tag}-kv${i}`;
    await keyvault.createVault({
      name: vault,
      tenantId,
      subscriptionId,
      location: region,
      enablePurgeProtection: true,
    });
    await keyvault.assignRole({ vault, principalId: identity.principalId, role: 'Key Vault Administrator' });
    await keyvault.createKey({ vault, authorization, name: 'fuzzkey', kty: 'RSA', key_size: 2048 });
    const account = `${tag}st${i}`;
    await storage.createAccount({ name: account, subscriptionId, location: region });
    await storage.createContainer({ account, container: 'fuzz' });
    await storage.putBlob({ account, container: 'fuzz', blob: 'b', body: 'fuzz' });
    await storage.createShare({ account, share: 'fuzz' });
    await storage.createFile({ account, share: 'fuzz', path: 'f.txt', size: 1024 });
    await storage.createQueue({ account, queue: 'fuzz' });
    await storage.createTable({ account, table: 'fuzz' });
    names.push(vault, account, `https://${vault}.vault.azure.net`);
  }
  const [firstRegion] = regions;
  if (firstRegion) {
    const account = `${tag}cmk`;
    await tb.region(firstRegion).storage.createAccount({
      name: account,
      subscriptionId,
      location: firstRegion,
      identity: { type: 'UserAssigned', userAssignedIdentities: { [identity.id]: {} } },
      properties: {
        encryption: {
          keySource: 'Microsoft.Keyvault',
          keyvaultproperties: { keyvaulturi: `https://${tag}-kv0.vault.azure.net`, keyname: 'fuzzkey' },
          identity: { userAssignedIdentity: identity.id },
        },
      },
    });
    await tb.region(firstRegion).storage.createContainer({ account, container: 'fuzz' });
    names.push(account);
  }
  return { strings: [...names, 'fuzz', 'b', 'f.txt', 'fuzzkey'] };
}
