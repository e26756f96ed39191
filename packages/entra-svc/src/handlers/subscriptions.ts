import { randomUUID } from 'node:crypto';
import type { entraContract, HandlerTable } from '@cmk-testbed/shared';
import { conflict, notFound } from '../state/entra-errors.js';
import type { EntraState } from '../state/entra-state.js';
import type { EntraStore } from '../state/entra-store.js';
import { requireTenant } from './tenants.js';

type Handlers = HandlerTable<typeof entraContract, EntraState>;

export async function requireSubscription(store: EntraStore, subscriptionId: string) {
  const subscription = await store.subscriptions.get(subscriptionId);
  if (!subscription) throw notFound('Subscription', subscriptionId);
  return subscription.value;
}

export const createSubscription: Handlers['createSubscription'] = async (req, { store }) => {
  await requireTenant(store, req.tenantId);
  const subscription = {
    subscriptionId: req.subscriptionId ?? randomUUID(),
    tenantId: req.tenantId,
    displayName: req.displayName,
  };
  if (!(await store.subscriptions.create(subscription.subscriptionId, subscription))) {
    throw conflict(
      'SubscriptionAlreadyExists',
      `Subscription '${subscription.subscriptionId}' already exists.`,
    );
  }
  return subscription;
};

export const getSubscription: Handlers['getSubscription'] = (req, { store }) =>
  requireSubscription(store, req.subscriptionId);

export const listSubscriptions: Handlers['listSubscriptions'] = async (req, { store }) => ({
  subscriptions: (await store.subscriptions.list()).filter(
    (s) => !req.tenantId || s.tenantId === req.tenantId,
  ),
});

export const deleteSubscription: Handlers['deleteSubscription'] = async (req, { store }) => {
  await requireSubscription(store, req.subscriptionId);
  const identities = (await store.userAssigned.list()).filter((i) => i.subscriptionId === req.subscriptionId);
  if (identities.length > 0) {
    throw conflict(
      'SubscriptionNotEmpty',
      `Subscription '${req.subscriptionId}' still holds user-assigned identities (${identities.map((i) => i.name).join(', ')}); delete them first.`,
    );
  }
  await store.subscriptions.delete(req.subscriptionId);
  return {};
};

/**
 * Moves a subscription to another tenant. Its resources go with it, its managed identities do not: they keep
 * their old tenant, so tokens for them fail until the system-assigned identity is disabled and enabled again
 * or the user-assigned identity is recreated (seed cmk-overview-2020.md, the IMPORTANT note).
 */
export const moveSubscription: Handlers['moveSubscription'] = async (req, { store }) => {
  await requireTenant(store, req.targetTenantId);
  const moved = await store.subscriptions.mutate(req.subscriptionId, (current) => {
    if (!current) throw notFound('Subscription', req.subscriptionId);
    return { ...current, tenantId: req.targetTenantId };
  });
  return moved!;
};
