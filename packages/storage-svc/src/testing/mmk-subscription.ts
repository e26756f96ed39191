import type { ContractClient, entraContract } from '@cmk-testbed/shared';

/** A tenant of its own with one subscription, for accounts with Microsoft-managed keys; its subscription id. */
export async function mmkSubscription(
  entra: ContractClient<typeof entraContract>,
  name: string,
): Promise<string> {
  const tenant = await entra.createTenant({ displayName: name });
  return (await entra.createSubscription({ tenantId: tenant.tenantId, displayName: name })).subscriptionId;
}
