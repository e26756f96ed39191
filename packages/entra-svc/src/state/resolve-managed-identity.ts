import type {
  IdentitySelector,
  Subscription,
  SystemAssignedIdentity,
  UserAssignedIdentity,
} from '@cmk-testbed/shared';
import { identityNotFound } from './entra-errors.js';

/** A managed identity able to get tokens: who it is and which resource id goes in `xms_mirid`. */
export interface ResolvedIdentity {
  tenantId: string;
  principalId: string;
  clientId: string;
  resourceId: string;
}

export interface IdentityFacts {
  hostResourceId: string;
  selector: IdentitySelector | undefined;
  systemAssigned: SystemAssignedIdentity | undefined;
  /** The user-assigned identities attached to the host that still exist. */
  attached: readonly UserAssignedIdentity[];
  /** The ids attached to the host, including identities since deleted. */
  attachedIds: readonly string[];
  /** The current subscription (and so tenant) of each identity's subscription, by subscription id. */
  subscriptions: ReadonlyMap<string, Subscription>;
}

/**
 * Which identity a token request for a hosted resource speaks for, or why none can: no system-assigned
 * identity, a user-assigned identity that is not attached or was deleted, or an identity whose subscription
 * moved to another tenant (identities do not move with it).
 */
export function resolveManagedIdentity(facts: IdentityFacts): ResolvedIdentity {
  const { selector } = facts;
  if (!selector || (!selector.clientId && !selector.principalId && !selector.identityId)) {
    const sai = facts.systemAssigned;
    if (!sai) throw identityNotFound(`resource '${facts.hostResourceId}' has no system-assigned identity.`);
    checkTenant(
      sai.tenantId,
      facts.subscriptions.get(subscriptionOf(facts.hostResourceId)),
      `the system-assigned identity of '${facts.hostResourceId}'`,
      'disable and re-enable the system-assigned identity',
    );
    return {
      tenantId: sai.tenantId,
      principalId: sai.principalId,
      clientId: sai.clientId,
      resourceId: facts.hostResourceId,
    };
  }
  const uami = facts.attached.find(
    (i) =>
      (selector.clientId && i.clientId === selector.clientId) ||
      (selector.principalId && i.principalId === selector.principalId) ||
      (selector.identityId && i.id.toLowerCase() === selector.identityId.toLowerCase()),
  );
  const wanted = selector.identityId ?? selector.clientId ?? selector.principalId;
  if (!uami) {
    const dangling =
      selector.identityId &&
      facts.attachedIds.some((id) => id.toLowerCase() === selector.identityId!.toLowerCase());
    throw identityNotFound(
      dangling
        ? `user-assigned identity '${wanted}' was deleted (it is still listed on '${facts.hostResourceId}').`
        : `no user-assigned identity '${wanted}' is attached to '${facts.hostResourceId}'.`,
    );
  }
  checkTenant(
    uami.tenantId,
    facts.subscriptions.get(uami.subscriptionId),
    `user-assigned identity '${uami.id}'`,
    'delete the identity, create it again and re-attach it',
  );
  return {
    tenantId: uami.tenantId,
    principalId: uami.principalId,
    clientId: uami.clientId,
    resourceId: uami.id,
  };
}

function checkTenant(
  identityTenant: string,
  subscription: Subscription | undefined,
  what: string,
  fix: string,
): void {
  if (subscription && subscription.tenantId !== identityTenant) {
    throw identityNotFound(
      `${what} belongs to tenant ${identityTenant}, but its subscription ${subscription.subscriptionId} moved to tenant ${subscription.tenantId}; managed identities do not move with a subscription: ${fix}.`,
    );
  }
}

function subscriptionOf(resourceId: string): string {
  return resourceId.split('/')[2]!.toLowerCase();
}
