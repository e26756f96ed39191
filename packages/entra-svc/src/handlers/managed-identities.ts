import { randomUUID } from 'node:crypto';
import { type entraContract, type HandlerTable, parseArmId } from '@cmk-testbed/shared';
import { conflict, notFound } from '../state/entra-errors.js';
import type { EntraState } from '../state/entra-state.js';
import { armKey, type EntraStore } from '../state/entra-store.js';
import { requireSubscription } from './subscriptions.js';

type Handlers = HandlerTable<typeof entraContract, EntraState>;

export async function requireUserAssigned(store: EntraStore, id: string) {
  const identity = await store.userAssigned.get(armKey(id));
  if (!identity) throw notFound('UserAssignedIdentity', id);
  return identity.value;
}

export const createUserAssignedIdentity: Handlers['createUserAssignedIdentity'] = async (
  req,
  { store },
  ctx,
) => {
  const subscription = await requireSubscription(store, req.subscriptionId);
  const id = `/subscriptions/${subscription.subscriptionId}/resourceGroups/${req.resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${req.name}`;
  const identity = {
    id,
    name: req.name,
    resourceGroup: req.resourceGroup,
    subscriptionId: subscription.subscriptionId,
    tenantId: subscription.tenantId,
    principalId: randomUUID(),
    clientId: randomUUID(),
    createdAt: ctx.clock.now(),
  };
  if (!(await store.userAssigned.create(armKey(id), identity))) {
    throw conflict('ResourceAlreadyExists', `User-assigned identity '${id}' already exists.`);
  }
  return identity;
};

export const getUserAssignedIdentity: Handlers['getUserAssignedIdentity'] = (req, { store }) =>
  requireUserAssigned(store, req.id);

export const listUserAssignedIdentities: Handlers['listUserAssignedIdentities'] = async (req, { store }) => ({
  identities: (await store.userAssigned.list()).filter(
    (i) => !req.subscriptionId || i.subscriptionId === req.subscriptionId,
  ),
});

/** Deleting an identity leaves its attachments and role assignments dangling, as in Azure ("Identity not found"). */
export const deleteUserAssignedIdentity: Handlers['deleteUserAssignedIdentity'] = async (req, { store }) => {
  await requireUserAssigned(store, req.id);
  await store.userAssigned.delete(armKey(req.id));
  return {};
};

export const attachUserAssignedIdentity: Handlers['attachUserAssignedIdentity'] = async (req, { store }) => {
  await requireSubscription(store, parseArmId(req.resourceId).subscriptionId);
  const identity = await requireUserAssigned(store, req.identityId);
  const next = await store.attachments.mutate(armKey(req.resourceId), (current) => {
    const ids = current?.identityIds ?? [];
    return ids.some((i) => armKey(i) === armKey(identity.id))
      ? current
      : { resourceId: req.resourceId, identityIds: [...ids, identity.id] };
  });
  return next!;
};

export const detachUserAssignedIdentity: Handlers['detachUserAssignedIdentity'] = async (req, { store }) => {
  const next = await store.attachments.mutate(armKey(req.resourceId), (current) => {
    const ids = (current?.identityIds ?? []).filter((i) => armKey(i) !== armKey(req.identityId));
    return ids.length > 0 ? { resourceId: req.resourceId, identityIds: ids } : undefined;
  });
  return next ?? { resourceId: req.resourceId, identityIds: [] };
};

/**
 * Gives a resource its system-assigned identity in the tenant its subscription belongs to now. Enabling an
 * enabled identity returns it unchanged; enabling after disabling makes a new principal, as in Azure.
 */
export const enableSystemAssignedIdentity: Handlers['enableSystemAssignedIdentity'] = async (
  req,
  { store },
  ctx,
) => {
  const subscription = await requireSubscription(store, parseArmId(req.resourceId).subscriptionId);
  const identity = await store.systemAssigned.mutate(
    armKey(req.resourceId),
    (current) =>
      current ?? {
        resourceId: req.resourceId,
        tenantId: subscription.tenantId,
        principalId: randomUUID(),
        clientId: randomUUID(),
        createdAt: ctx.clock.now(),
      },
  );
  return identity!;
};

export const disableSystemAssignedIdentity: Handlers['disableSystemAssignedIdentity'] = async (
  req,
  { store },
) => {
  await store.systemAssigned.delete(armKey(req.resourceId));
  return {};
};

export const getSystemAssignedIdentity: Handlers['getSystemAssignedIdentity'] = async (req, { store }) => {
  const identity = await store.systemAssigned.get(armKey(req.resourceId));
  if (!identity) throw notFound('SystemAssignedIdentity', req.resourceId);
  return identity.value;
};
