import { z } from 'zod';
import { defineContract } from '../rpc/contract.js';
import { durationSchema } from './clock.js';
import { commonOperations } from './common.js';
import { empty, obj, op } from './contract-helpers.js';

/**
 * The fault kinds of the scenario format (DESIGN.md §4). This increment implements the transport kinds; the
 * semantic, process and time kinds are added with the rest of the chaos controller.
 */
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

/** What a fault aims at; each kind reads the selectors that make sense for it. */
export const faultTargetSchema = z
  .object({
    service: z.enum(['entra', 'keyvault', 'storage', 'chaos']).optional(),
    region: z.string().optional(),
    instance: z.string().optional(),
    vault: z.string().optional(),
    regions: z.tuple([z.string(), z.string()]).optional(),
  })
  .strict();

export const injectedFaultSchema = z.object({
  faultId: z.string(),
  kind: z.string(),
  target: faultTargetSchema,
  ruleIds: z.array(z.string()),
  injectedAt: z.number(),
  /** When the fault stops acting, on the clock named (`testbed` time or `real` time, epoch ms). */
  expiresAt: z.object({ clock: z.enum(['real', 'testbed']), at: z.number() }).optional(),
});

/** The chaos controller: faults as data, injected into every process's request path and cleared again. */
export const chaosContract = defineContract({
  service: 'chaos',
  scope: 'global',
  version: '0.2.0',
  operations: {
    ...commonOperations,
    inject: op(
      'Injects a fault; it is active in every process within milliseconds. Returns its id.',
      obj({
        kind: transportFaultKindSchema,
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
        }).default({}),
      }),
      injectedFaultSchema,
    ),
    clear: op('Clears one fault.', obj({ faultId: z.string().min(1) }), empty),
    list: op('The faults in force.', obj({}), z.object({ faults: z.array(injectedFaultSchema) })),
    reset: op(
      "Clears every injected fault (the topology's own latency rules stay).",
      obj({}),
      z.object({ cleared: z.number().int() }),
    ),
  },
});

export type InjectedFault = z.output<typeof injectedFaultSchema>;
