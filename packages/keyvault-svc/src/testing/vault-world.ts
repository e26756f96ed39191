import type { ContractClient, entraContract } from '@cmk-testbed/shared';

type Entra = ContractClient<typeof entraContract>;

export interface Principal {
  principalId: string;
  clientId: string;
  /** `Bearer <token>` for https://vault.azure.net, fresh on each call. */
  bearer(resource?: string): Promise<string>;
}

/**
 * A tenant with a subscription and a host resource whose user-assigned identities act as principals: real
 * identities in entra-svc, real tokens.
 */
export async function tenantWorld(entra: Entra, name: string) {
  const tenant = await entra.createTenant({ displayName: name });
  const subscription = await entra.createSubscription({
    tenantId: tenant.tenantId,
    displayName: `${name}-sub`,
  });
  const host = `/subscriptions/${subscription.subscriptionId}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/${name}host`;
  const principal = async (identityName: string): Promise<Principal> => {
    const uami = await entra.createUserAssignedIdentity({
      subscriptionId: subscription.subscriptionId,
      resourceGroup: 'rg',
      name: identityName,
    });
    await entra.attachUserAssignedIdentity({ resourceId: host, identityId: uami.id });
    return {
      principalId: uami.principalId,
      clientId: uami.clientId,
      bearer: async (resource = 'https://vault.azure.net') =>
        `Bearer ${(await entra.getManagedIdentityToken({ resourceId: host, resource, identity: { identityId: uami.id } })).access_token}`,
    };
  };
  return { tenant, subscription, host, principal };
}
