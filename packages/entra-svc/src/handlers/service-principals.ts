import { randomUUID } from 'node:crypto';
import type { entraContract, HandlerTable } from '@cmk-testbed/shared';
import { badRequest, conflict, notFound } from '../state/entra-errors.js';
import type { EntraState } from '../state/entra-state.js';
import { servicePrincipalKey } from '../state/entra-store.js';
import { requireApplication } from './applications.js';
import { requireTenant } from './tenants.js';

type Handlers = HandlerTable<typeof entraContract, EntraState>;

/**
 * The app's service principal in a tenant: same appId, its own objectId. Only a multi-tenant app can have
 * one outside its home tenant (in Azure: admin consent, `az ad sp create`, or a sign-in by the customer).
 */
export const createServicePrincipal: Handlers['createServicePrincipal'] = async (req, { store }, ctx) => {
  const tenant = await requireTenant(store, req.tenantId);
  const app = await requireApplication(store, req.appId);
  if (app.tenantId !== req.tenantId && app.signInAudience !== 'AzureADMultipleOrgs') {
    throw badRequest(
      'Request_BadRequest',
      `Application '${app.appId}' is single-tenant (AzureADMyOrg, home tenant ${app.tenantId}); it cannot have a service principal in tenant '${tenant.displayName}' (${tenant.tenantId}).`,
    );
  }
  const sp = {
    objectId: randomUUID(),
    appId: app.appId,
    tenantId: req.tenantId,
    displayName: app.displayName,
    createdAt: ctx.clock.now(),
  };
  if (!(await store.servicePrincipals.create(servicePrincipalKey(req.tenantId, req.appId), sp))) {
    throw conflict(
      'Request_MultipleObjectsWithSameKeyValue',
      `Application '${app.appId}' already has a service principal in tenant ${req.tenantId}.`,
    );
  }
  return sp;
};

export const getServicePrincipal: Handlers['getServicePrincipal'] = async (req, { store }) => {
  const sp = await store.servicePrincipals.get(servicePrincipalKey(req.tenantId, req.appId));
  if (!sp) throw notFound('ServicePrincipal', `${req.appId} in tenant ${req.tenantId}`);
  return sp.value;
};

export const listServicePrincipals: Handlers['listServicePrincipals'] = async (req, { store }) => ({
  servicePrincipals: (await store.servicePrincipals.list()).filter(
    (sp) => !req.tenantId || sp.tenantId === req.tenantId,
  ),
});

export const deleteServicePrincipal: Handlers['deleteServicePrincipal'] = async (req, { store }) => {
  if (!(await store.servicePrincipals.get(servicePrincipalKey(req.tenantId, req.appId)))) {
    throw notFound('ServicePrincipal', `${req.appId} in tenant ${req.tenantId}`);
  }
  await store.servicePrincipals.delete(servicePrincipalKey(req.tenantId, req.appId));
  return {};
};
