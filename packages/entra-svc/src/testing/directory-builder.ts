import type { ContractClient, entraContract } from '@cmk-testbed/shared';

type Entra = ContractClient<typeof entraContract>;

/** A tenant with one subscription, the common starting point of a test. */
export async function tenantWithSubscription(entra: Entra, name: string) {
  const tenant = await entra.createTenant({ displayName: name });
  const subscription = await entra.createSubscription({
    tenantId: tenant.tenantId,
    displayName: `${name}-sub`,
  });
  return { tenant, subscription };
}

/** The ARM id of a storage account in a subscription. */
export function storageAccountId(subscriptionId: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/${name}`;
}

/**
 * The cross-tenant CMK setup of the seeds: an ISV tenant with a user-assigned identity and a multi-tenant app
 * trusting it through a federated credential; a customer tenant with the app's service principal.
 */
export async function crossTenantSetup(entra: Entra) {
  const isv = await tenantWithSubscription(entra, 'isv');
  const customer = await tenantWithSubscription(entra, 'contoso');
  const uami = await entra.createUserAssignedIdentity({
    subscriptionId: isv.subscription.subscriptionId,
    resourceGroup: 'rg1',
    name: 'uami1',
  });
  const app = await entra.createApplication({
    tenantId: isv.tenant.tenantId,
    displayName: 'isv-app',
    multiTenant: true,
  });
  const fic = await entra.addFederatedCredential({
    appId: app.appId,
    name: 'fic1',
    issuer: `https://login.microsoftonline.com/${isv.tenant.tenantId}/v2.0`,
    subject: uami.principalId,
  });
  const sp = await entra.createServicePrincipal({ appId: app.appId, tenantId: customer.tenant.tenantId });
  const account = storageAccountId(isv.subscription.subscriptionId, 'acct1');
  await entra.attachUserAssignedIdentity({ resourceId: account, identityId: uami.id });
  return { isv, customer, uami, app, fic, sp, account };
}
