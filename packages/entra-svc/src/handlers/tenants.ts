import { randomUUID } from 'node:crypto';
import type { entraContract, HandlerTable, Tenant } from '@cmk-testbed/shared';
import { conflict, notFound } from '../state/entra-errors.js';
import type { EntraState } from '../state/entra-state.js';
import type { EntraStore } from '../state/entra-store.js';
import { newSigningKey } from '../state/token-signer.js';

type Handlers = HandlerTable<typeof entraContract, EntraState>;

export const createTenant: Handlers['createTenant'] = async (req, { store, keyPairs }, ctx) => {
  const tenant = {
    tenantId: req.tenantId ?? randomUUID(),
    displayName: req.displayName,
    createdAt: ctx.clock.now(),
  };
  // The signing key comes first: a tenant that exists can always sign and publish its JWKS.
  await store.signingKeys.put(tenant.tenantId, {
    tenantId: tenant.tenantId,
    keys: [await newSigningKey(keyPairs, tenant.createdAt)],
  });
  if (!(await store.tenants.create(tenant.tenantId, tenant))) {
    throw conflict('TenantAlreadyExists', `Tenant '${tenant.tenantId}' already exists.`);
  }
  return tenant;
};

export async function requireTenant(store: EntraStore, tenantId: string): Promise<Tenant> {
  const tenant = await store.tenants.get(tenantId);
  if (!tenant) throw notFound('Tenant', tenantId);
  return tenant.value;
}

export const getTenant: Handlers['getTenant'] = (req, { store }) => requireTenant(store, req.tenantId);

export const listTenants: Handlers['listTenants'] = async (_req, { store }) => ({
  tenants: await store.tenants.list(),
});

export const deleteTenant: Handlers['deleteTenant'] = async (req, { store }) => {
  await requireTenant(store, req.tenantId);
  const subscriptions = (await store.subscriptions.list()).filter((s) => s.tenantId === req.tenantId);
  if (subscriptions.length > 0) {
    throw conflict(
      'TenantHasSubscriptions',
      `Tenant '${req.tenantId}' still has subscriptions (${subscriptions.map((s) => s.subscriptionId).join(', ')}); move or delete them first.`,
    );
  }
  await store.tenants.delete(req.tenantId);
  await store.signingKeys.delete(req.tenantId);
  return {};
};
