import { type entraContract, type HandlerTable, parseArmId, type Subscription } from '@cmk-testbed/shared';
import type { EntraState } from '../state/entra-state.js';
import { armKey } from '../state/entra-store.js';
import { resolveManagedIdentity } from '../state/resolve-managed-identity.js';
import { appTokenClaims, audienceOf } from '../state/token-claims.js';

type Handlers = HandlerTable<typeof entraContract, EntraState>;

/**
 * The managed-identity endpoint (IMDS / App Service) for a hosted resource: a token for its system-assigned
 * identity, or for a user-assigned identity attached to it. The reply has IMDS's shape.
 */
export const getManagedIdentityToken: Handlers['getManagedIdentityToken'] = async (req, state, ctx) => {
  const { store } = state;
  const host = req.resourceId;
  const [systemAssigned, attachments] = await Promise.all([
    store.systemAssigned.get(armKey(host)),
    store.attachments.get(armKey(host)),
  ]);
  const attachedIds = attachments?.value.identityIds ?? [];
  const attached = (await Promise.all(attachedIds.map((id) => store.userAssigned.get(armKey(id)))))
    .filter((i) => i !== undefined)
    .map((i) => i.value);
  const subscriptionIds = new Set([
    parseArmId(host).subscriptionId,
    ...attached.map((i) => i.subscriptionId),
  ]);
  const subscriptions = new Map<string, Subscription>();
  for (const id of subscriptionIds) {
    const subscription = await store.subscriptions.get(id);
    if (subscription) subscriptions.set(id, subscription.value);
  }
  const identity = resolveManagedIdentity({
    hostResourceId: host,
    selector: req.identity,
    systemAssigned: systemAssigned?.value,
    attached,
    attachedIds,
    subscriptions,
  });
  const now = ctx.clock.now();
  const audience = audienceOf(req.resource);
  const claims = appTokenClaims(
    {
      tenantId: identity.tenantId,
      objectId: identity.principalId,
      clientId: identity.clientId,
      managedIdentityResourceId: identity.resourceId,
    },
    audience,
    now,
    state.tokenLifetimeMs,
  );
  return {
    access_token: await state.signer.sign(identity.tenantId, claims),
    token_type: 'Bearer' as const,
    expires_in: String(Math.floor(state.tokenLifetimeMs / 1000)),
    expires_on: String(claims.exp),
    not_before: String(claims.nbf),
    resource: req.resource,
    client_id: identity.clientId,
  };
};
