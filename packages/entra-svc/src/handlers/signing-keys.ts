import { type entraContract, type HandlerTable, parseDuration } from '@cmk-testbed/shared';
import { badRequest, notFound } from '../state/entra-errors.js';
import type { EntraState } from '../state/entra-state.js';
import { newSigningKey, publishedKeys } from '../state/token-signer.js';

type Handlers = HandlerTable<typeof entraContract, EntraState>;

export const getJwks: Handlers['getJwks'] = async (req, { store }, ctx) => {
  const keys = await store.signingKeys.get(req.tenantId);
  if (!keys) throw notFound('Tenant', req.tenantId);
  return { keys: publishedKeys(keys.value, ctx.clock.now()) };
};

/** A new current key; the previous one stays published for the grace period (testbed clock). */
export const rotateSigningKey: Handlers['rotateSigningKey'] = async (req, state, ctx) => {
  let graceMs = state.keyGraceMs;
  if (req.grace !== undefined) {
    try {
      graceMs = parseDuration(req.grace, 'grace');
    } catch (error) {
      throw badRequest('InvalidInput', (error as Error).message);
    }
  }
  const now = ctx.clock.now();
  const fresh = await newSigningKey(state.keyPairs, now);
  let previousKid: string | undefined;
  await state.store.signingKeys.mutate(req.tenantId, (current) => {
    if (!current) throw notFound('Tenant', req.tenantId);
    previousKid = current.keys.find((k) => k.retiredAt === undefined)?.kid;
    const retired = current.keys.map((k) =>
      k.retiredAt === undefined ? { ...k, retiredAt: now, graceMs } : k,
    );
    // Keys past their grace period are dropped for good.
    const kept = retired.filter((k) => now < (k.retiredAt ?? now) + (k.graceMs ?? 0));
    return { tenantId: req.tenantId, keys: [...kept, fresh] };
  });
  return { kid: fresh.kid, ...(previousKid ? { previousKid } : {}) };
};
