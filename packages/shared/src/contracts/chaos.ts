import { z } from 'zod';
import { defineContract } from '../rpc/contract.js';
import { durationSchema } from './clock.js';
import { commonOperations } from './common.js';
import { empty, obj, op } from './contract-helpers.js';

/** Transport kinds: rows of the fault rule table, acted on in every process's request path. */
export const transportFaultKindSchema = z.enum([
  'vault-unavailable',
  'vault-down',
  'vault-error',
  'vault-throttled',
  'vault-latency',
  'entra-unavailable',
  'entra-down',
  'entra-error',
  'entra-throttled',
  'entra-latency',
  'region-partition',
  'region-latency',
  'message-drop',
]);

/**
 * Semantic kinds: the controller changes the world through the services' own operations and remembers how
 * to undo the change on `clear`, `reset` or expiry.
 */
export const semanticFaultKindSchema = z.enum([
  'key-disable',
  'key-delete',
  'key-expire',
  'access-revoke',
  'firewall-deny',
  'deny-access',
  'identity-delete',
  'system-identity-disable',
  'federated-credential-remove',
  'service-principal-remove',
  'subscription-move',
]);

/** Process kinds, through the supervisor; and the one time kind (`clock.advance` moves everyone). */
export const processFaultKindSchema = z.enum(['process-kill', 'process-restart', 'process-pause']);
export const timeFaultKindSchema = z.enum(['clock-skew']);

/** Every kind name of the scenario format (DESIGN.md §4). */
export const faultKindSchema = z.enum([
  ...transportFaultKindSchema.options,
  ...semanticFaultKindSchema.options,
  ...processFaultKindSchema.options,
  ...timeFaultKindSchema.options,
]);

/**
 * What a fault aims at; each kind reads the selectors that make sense for it and refuses, naming the field,
 * a target it cannot act on. Names are the real (run-scoped) ones; the scenario runner resolves its
 * symbolic names before injecting.
 */
export const faultTargetSchema = z
  .object({
    service: z.enum(['entra', 'keyvault', 'storage', 'chaos']).optional(),
    region: z.string().min(1).optional(),
    /** A process of the topology by name (`storage-eastus-1`, `nats-eastus`, ...). */
    instance: z.string().min(1).optional(),
    vault: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    /** A storage account name. */
    account: z.string().min(1).optional(),
    /** A tenant id (GUID). */
    tenant: z.string().min(1).optional(),
    /** A principal: a user-assigned identity's ARM id, or any principal's object id. */
    identity: z.string().min(1).optional(),
    /** An application (client) id, for federated credentials and service principals. */
    app: z.string().min(1).optional(),
    /** A subscription id. */
    subscription: z.string().min(1).optional(),
    regions: z.tuple([z.string().min(1), z.string().min(1)]).optional(),
  })
  .strict();

export const injectedFaultSchema = z.object({
  faultId: z.string(),
  kind: z.string(),
  target: faultTargetSchema,
  /** Transport kinds: the rule rows the fault became (empty for the other groups). */
  ruleIds: z.array(z.string()),
  injectedAt: z.number(),
  /** When the fault stops acting, on the clock named (`testbed` time or `real` time, epoch ms). */
  expiresAt: z.object({ clock: z.enum(['real', 'testbed']), at: z.number() }).optional(),
  /** Semantic, process and time kinds: what the controller did, in words (for lists and reports). */
  effect: z.string().optional(),
  /** Set when undoing the fault failed (on expiry or a `clear`); the fault stays listed until undone. */
  undoError: z.string().optional(),
});

/** A fault `reset` could not undo: it stays in force (and listed) so it can be cleared once the cause is fixed. */
export const failedUndoSchema = z.object({ faultId: z.string(), kind: z.string(), message: z.string() });

/** The chaos controller: faults as data, injected into every process's request path and cleared again. */
export const chaosContract = defineContract({
  service: 'chaos',
  scope: 'global',
  version: '0.3.0',
  operations: {
    ...commonOperations,
    inject: op(
      'Injects a fault; it is active in every process within milliseconds. Returns its id.',
      obj({
        kind: faultKindSchema,
        target: faultTargetSchema.default({}),
        probability: z.number().min(0).max(1).default(1),
        duration: durationSchema.optional(),
        /** Whether `duration` runs on the testbed clock (default) or real time. */
        durationClock: z.enum(['testbed', 'real']).default('testbed'),
        seed: z.number().int().default(0),
        params: obj({
          ms: z.number().int().min(0).max(600_000).optional(),
          jitterMs: z.number().int().min(0).max(600_000).optional(),
          status: z.number().int().min(400).max(599).optional(),
          code: z.string().min(1).optional(),
          message: z.string().optional(),
          /** `subscription-move`: the tenant (GUID) to move to; default a new tenant made for the fault. */
          toTenant: z.string().min(1).optional(),
          /** `clock-skew`: the offset of the one process, positive or negative. */
          skew: z.union([durationSchema, z.number().int()]).optional(),
          /** `access-revoke`: only this role (RBAC vaults); default every role and policy of the principal. */
          role: z.string().min(1).optional(),
          /** `federated-credential-remove`: the credential's name; default every credential of the app. */
          name: z.string().min(1).optional(),
          /**
           * `identity-delete`, `system-identity-disable`, `service-principal-remove`: whether undo grants the
           * re-created principal (a new object id, as in Azure) the vault access the old one had (default
           * true). With false, undo brings the principal back without access, as Azure would.
           */
          regrant: z.boolean().optional(),
        }).default({}),
      }),
      injectedFaultSchema,
    ),
    clear: op(
      'Clears one fault; a semantic or process fault is undone first.',
      obj({ faultId: z.string().min(1) }),
      empty,
    ),
    list: op('The faults in force.', obj({}), z.object({ faults: z.array(injectedFaultSchema) })),
    reset: op(
      "Clears every injected fault, undoing the semantic ones newest first (the topology's own latency rules stay). A fault whose undo fails stays in force and is listed in `failed`.",
      obj({}),
      z.object({ cleared: z.number().int(), failed: z.array(failedUndoSchema).default([]) }),
    ),
  },
});

export type InjectedFault = z.output<typeof injectedFaultSchema>;
