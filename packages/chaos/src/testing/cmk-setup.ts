import { randomBytes } from 'node:crypto';
import type { NetworkAcls } from '@cmk-testbed/shared';
import type { FaultWorld } from './fault-world.js';

export interface CmkSetupOptions {
  /** The vault's authorization: RBAC role assignments (default) or access policies. */
  access?: 'rbac' | 'policy';
  /**
   * How the account reaches its key: a user-assigned identity (default), its system-assigned identity, or
   * cross-tenant through a multi-tenant app's federated credential (the vault in the customer's tenant).
   */
  identity?: 'user' | 'system' | 'federated';
  /** The vault's network rules, set last (the test's admin calls from a public address). */
  networkAcls?: NetworkAcls;
}

/**
 * One CMK account with a blob in it, in its own tenants, built as a user would (real identities, tokens and
 * grants): the world a fault test breaks and expects back.
 */
export async function cmkSetup(w: FaultWorld, prefix: string, options: CmkSetupOptions = {}) {
  const id = randomBytes(3).toString('hex');
  const access = options.access ?? 'rbac';
  const mode = options.identity ?? 'user';
  const tenant = await w.entra.createTenant({ displayName: `${prefix}-${id}` });
  const subscription = await w.entra.createSubscription({ tenantId: tenant.tenantId, displayName: 'sub' });
  const vaultTenant =
    mode === 'federated' ? await w.entra.createTenant({ displayName: `${prefix}-${id}-customer` }) : tenant;
  const vaultSubscription =
    mode === 'federated'
      ? await w.entra.createSubscription({ tenantId: vaultTenant.tenantId, displayName: 'customer' })
      : subscription;

  const adminIdentity = await w.entra.createUserAssignedIdentity({
    subscriptionId: vaultSubscription.subscriptionId,
    resourceGroup: 'rg',
    name: 'admin',
  });
  const adminHost = `/subscriptions/${vaultSubscription.subscriptionId}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/admin`;
  await w.entra.attachUserAssignedIdentity({ resourceId: adminHost, identityId: adminIdentity.id });
  const admin = async () =>
    `Bearer ${(await w.entra.getManagedIdentityToken({ resourceId: adminHost, resource: 'https://vault.azure.net', identity: { identityId: adminIdentity.id } })).access_token}`;

  const vault = `${prefix}-${id}-kv`;
  await w.keyvault.createVault({
    name: vault,
    tenantId: vaultTenant.tenantId,
    location: 'eastus',
    enablePurgeProtection: true,
    enableRbacAuthorization: access === 'rbac',
  });
  const grant = async (principalId: string, full = false) => {
    if (access === 'rbac') {
      await w.keyvault.assignRole({
        vault,
        principalId,
        role: full ? 'Key Vault Administrator' : 'Key Vault Crypto Service Encryption User',
      });
    } else {
      await w.keyvault.setAccessPolicy({
        vault,
        policy: {
          tenantId: vaultTenant.tenantId,
          objectId: principalId,
          permissions: { keys: full ? ['all'] : ['get', 'wrapKey', 'unwrapKey'] },
        },
      });
    }
  };
  await grant(adminIdentity.principalId, true);
  await w.keyvault.createKey({
    vault,
    authorization: await admin(),
    name: 'cmk',
    kty: 'RSA',
    key_size: 2048,
  });

  const account = `${prefix.replace(/[^a-z]/g, '')}${id}`;
  const keyvaultproperties = { keyvaulturi: `https://${vault}.vault.azure.net`, keyname: 'cmk' };
  let uami: Awaited<ReturnType<typeof w.entra.createUserAssignedIdentity>> | undefined;
  let app: Awaited<ReturnType<typeof w.entra.createApplication>> | undefined;
  let servicePrincipal: Awaited<ReturnType<typeof w.entra.createServicePrincipal>> | undefined;
  if (mode === 'system') {
    const created = await w.storage.createAccount({
      name: account,
      subscriptionId: subscription.subscriptionId,
      location: 'eastus',
      identity: { type: 'SystemAssigned' },
    });
    await grant(created.identity.principalId!);
    await w.storage.updateAccount({
      name: account,
      properties: { encryption: { keySource: 'Microsoft.Keyvault', keyvaultproperties } },
    });
  } else {
    uami = await w.entra.createUserAssignedIdentity({
      subscriptionId: subscription.subscriptionId,
      resourceGroup: 'rg',
      name: `${prefix}-uami`,
    });
    if (mode === 'federated') {
      app = await w.entra.createApplication({
        tenantId: tenant.tenantId,
        displayName: prefix,
        multiTenant: true,
      });
      await w.entra.addFederatedCredential({
        appId: app.appId,
        name: 'fic1',
        issuer: `https://login.microsoftonline.com/${tenant.tenantId}/v2.0`,
        subject: uami.principalId,
      });
      servicePrincipal = await w.entra.createServicePrincipal({
        appId: app.appId,
        tenantId: vaultTenant.tenantId,
      });
      await grant(servicePrincipal.objectId);
    } else {
      await grant(uami.principalId);
    }
    await w.storage.createAccount({
      name: account,
      subscriptionId: subscription.subscriptionId,
      location: 'eastus',
      identity: { type: 'UserAssigned', userAssignedIdentities: { [uami.id]: {} } },
      properties: {
        encryption: {
          keySource: 'Microsoft.Keyvault',
          keyvaultproperties,
          identity: {
            userAssignedIdentity: uami.id,
            ...(app ? { federatedIdentityClientId: app.appId } : {}),
          },
        },
      },
    });
  }
  const blob = { account, container: 'data', blob: 'b' };
  await w.storage.createContainer({ account, container: 'data' });
  await w.storage.putBlob({ ...blob, body: 'hello' });
  if (options.networkAcls) await w.keyvault.updateVault({ name: vault, networkAcls: options.networkAcls });
  return {
    tenant,
    subscription,
    vaultTenant,
    vault,
    account,
    uami,
    app,
    servicePrincipal,
    admin,
    /** The roles a principal holds on the vault, by name. */
    rolesOf: async (principalId: string) =>
      (await w.keyvault.listRoleAssignments({ vault })).roleAssignments
        .filter((a) => a.principalId === principalId)
        .map((a) => a.roleName),
    /** `ok`, or the storage error code and the underlying cause's (inner) code: `Code/Cause`. */
    read: () =>
      w.storage.getBlob(blob).then(
        () => 'ok',
        (e: { code: string; azureCause?: { innerCode?: string; code?: string } }) =>
          `${e.code}/${e.azureCause?.innerCode ?? e.azureCause?.code}`,
      ),
  };
}

export type CmkSetup = Awaited<ReturnType<typeof cmkSetup>>;
