import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type entraContract, type HandlerTable, parseDuration } from '@cmk-testbed/shared';
import type { StoredApplication } from '../state/documents.js';
import { badRequest, notFound } from '../state/entra-errors.js';
import type { EntraState } from '../state/entra-state.js';
import { type EntraStore, servicePrincipalKey } from '../state/entra-store.js';
import { addFederatedCredentialTo } from '../state/federated-credential-rules.js';
import { requireTenant } from './tenants.js';

type Handlers = HandlerTable<typeof entraContract, EntraState>;

export async function requireApplication(store: EntraStore, appId: string): Promise<StoredApplication> {
  const app = await store.applications.get(appId);
  if (!app) throw notFound('Application', appId);
  return app.value;
}

function present({ federatedCredentials: _f, secrets: _s, ...app }: StoredApplication) {
  return app;
}

async function changeApplication(
  store: EntraStore,
  appId: string,
  change: (app: StoredApplication) => StoredApplication,
) {
  return (await store.applications.mutate(appId, (current) => {
    if (!current) throw notFound('Application', appId);
    return change(current);
  }))!;
}

export const createApplication: Handlers['createApplication'] = async (req, { store }, ctx) => {
  await requireTenant(store, req.tenantId);
  const app: StoredApplication = {
    appId: randomUUID(),
    objectId: randomUUID(),
    tenantId: req.tenantId,
    displayName: req.displayName,
    signInAudience: req.multiTenant ? 'AzureADMultipleOrgs' : 'AzureADMyOrg',
    createdAt: ctx.clock.now(),
    federatedCredentials: [],
    secrets: [],
  };
  await store.applications.create(app.appId, app);
  return present(app);
};

export const getApplication: Handlers['getApplication'] = async (req, { store }) =>
  present(await requireApplication(store, req.appId));

export const listApplications: Handlers['listApplications'] = async (req, { store }) => ({
  applications: (await store.applications.list())
    .filter((a) => !req.tenantId || a.tenantId === req.tenantId)
    .map(present),
});

/** Deleting an app also removes its service principals in every tenant, as deleting the registration does. */
export const deleteApplication: Handlers['deleteApplication'] = async (req, { store }) => {
  await requireApplication(store, req.appId);
  for (const sp of await store.servicePrincipals.list()) {
    if (sp.appId === req.appId)
      await store.servicePrincipals.delete(servicePrincipalKey(sp.tenantId, sp.appId));
  }
  await store.applications.delete(req.appId);
  return {};
};

export const addFederatedCredential: Handlers['addFederatedCredential'] = async (req, { store }) => {
  const credential = {
    id: randomUUID(),
    name: req.name,
    issuer: req.issuer,
    subject: req.subject,
    audiences: req.audiences,
    ...(req.description ? { description: req.description } : {}),
  };
  await changeApplication(store, req.appId, (app) => ({
    ...app,
    federatedCredentials: addFederatedCredentialTo(app.federatedCredentials, credential),
  }));
  return credential;
};

export const listFederatedCredentials: Handlers['listFederatedCredentials'] = async (req, { store }) => ({
  credentials: (await requireApplication(store, req.appId)).federatedCredentials,
});

export const removeFederatedCredential: Handlers['removeFederatedCredential'] = async (req, { store }) => {
  await changeApplication(store, req.appId, (app) => {
    if (!app.federatedCredentials.some((c) => c.name === req.name))
      throw notFound('FederatedIdentityCredential', req.name);
    return { ...app, federatedCredentials: app.federatedCredentials.filter((c) => c.name !== req.name) };
  });
  return {};
};

/** The secret's text is random and returned once; only its SHA-256 is kept. */
export const addClientSecret: Handlers['addClientSecret'] = async (req, { store }, ctx) => {
  let lifetimeMs: number;
  try {
    lifetimeMs = parseDuration(req.lifetime, 'lifetime');
  } catch (error) {
    throw badRequest('InvalidInput', (error as Error).message);
  }
  const secretText = randomBytes(30).toString('base64url');
  const now = ctx.clock.now();
  const info = {
    keyId: randomUUID(),
    displayName: req.displayName,
    hint: secretText.slice(0, 3),
    startDateTime: now,
    endDateTime: now + lifetimeMs,
  };
  const sha256 = createHash('sha256').update(secretText).digest('hex');
  await changeApplication(store, req.appId, (app) => ({
    ...app,
    secrets: [...app.secrets, { ...info, sha256 }],
  }));
  return { ...info, secretText };
};

export const removeClientSecret: Handlers['removeClientSecret'] = async (req, { store }) => {
  await changeApplication(store, req.appId, (app) => {
    if (!app.secrets.some((s) => s.keyId === req.keyId)) throw notFound('ClientSecret', req.keyId);
    return { ...app, secrets: app.secrets.filter((s) => s.keyId !== req.keyId) };
  });
  return {};
};
