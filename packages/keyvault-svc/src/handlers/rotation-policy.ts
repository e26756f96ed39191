import { AzureError, type HandlerTable, type keyvaultContract } from '@cmk-testbed/shared';
import { authorize } from '../state/authorize.js';
import type { StoredKey } from '../state/documents.js';
import { pickVersion } from '../state/key-lookup.js';
import type { KeyvaultState } from '../state/keyvault-state.js';
import { parsePolicyDuration } from '../state/policy-duration.js';
import { keyBaseId } from '../state/present-key.js';
import { audited } from './audited.js';

type Handlers = HandlerTable<typeof keyvaultContract, KeyvaultState>;
const day = 86_400_000;

function present(vault: string, key: StoredKey) {
  const policy = key.rotationPolicy;
  const id = `${keyBaseId(vault, key.name)}/rotationpolicy`;
  if (!policy) {
    // Key Vault's default policy: notify 30 days before expiry.
    return {
      id,
      lifetimeActions: [{ trigger: { timeBeforeExpiry: 'P30D' }, action: { type: 'Notify' as const } }],
      attributes: { created: 0, updated: 0 },
    };
  }
  return {
    id,
    lifetimeActions: policy.lifetimeActions,
    attributes: {
      ...(policy.expiryTime ? { expiryTime: policy.expiryTime } : {}),
      created: policy.created,
      updated: policy.updated,
    },
  };
}

function badPolicy(message: string): AzureError {
  return new AzureError({ status: 400, code: 'BadParameter', message });
}

export const getKeyRotationPolicy: Handlers['getKeyRotationPolicy'] = audited(
  'getKeyRotationPolicy',
  async (req, state, ctx) => {
    const { vault } = await authorize(state, ctx, req, 'getKeyRotationPolicy', req.name);
    const { key } = pickVersion((await state.store.keys(vault.name).get(req.name))?.value, req.name);
    return present(vault.name, key);
  },
);

/** Azure's rules: rotate no more often than every 7 days; an expiry time of at least 28 days. */
export const updateKeyRotationPolicy: Handlers['updateKeyRotationPolicy'] = audited(
  'updateKeyRotationPolicy',
  async (req, state, ctx) => {
    const { vault } = await authorize(state, ctx, req, 'updateKeyRotationPolicy', req.name);
    const expiryTime = req.attributes?.expiryTime;
    try {
      if (expiryTime !== undefined && parsePolicyDuration(expiryTime, 'attributes.expiryTime') < 28 * day) {
        throw badPolicy('attributes.expiryTime: must be at least 28 days (P28D).');
      }
      req.lifetimeActions.forEach((action, i) => {
        const after = action.trigger.timeAfterCreate;
        const before = action.trigger.timeBeforeExpiry;
        if (
          after !== undefined &&
          action.action.type === 'Rotate' &&
          parsePolicyDuration(after, `lifetimeActions[${i}].trigger.timeAfterCreate`) < 7 * day
        ) {
          throw badPolicy(
            `lifetimeActions[${i}].trigger.timeAfterCreate: keys can be rotated at most every 7 days (P7D).`,
          );
        }
        if (before !== undefined)
          parsePolicyDuration(before, `lifetimeActions[${i}].trigger.timeBeforeExpiry`);
        if (before !== undefined && expiryTime === undefined) {
          throw badPolicy(`lifetimeActions[${i}].trigger.timeBeforeExpiry: needs attributes.expiryTime.`);
        }
      });
    } catch (error) {
      if (error instanceof RangeError) throw badPolicy(error.message);
      throw error;
    }
    const nowSec = Math.floor(ctx.clock.now() / 1000);
    const key = await state.store.keys(vault.name).mutate(req.name, (current) => {
      const { key: live } = pickVersion(current, req.name);
      return {
        ...live,
        rotationPolicy: {
          id: `${keyBaseId(vault.name, req.name)}/rotationpolicy`,
          lifetimeActions: req.lifetimeActions,
          ...(expiryTime ? { expiryTime } : {}),
          created: live.rotationPolicy?.created ?? nowSec,
          updated: nowSec,
        },
      };
    });
    state.purges.keyChanged(key!);
    return present(vault.name, key!);
  },
);
