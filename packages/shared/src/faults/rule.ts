import { z } from 'zod';

/**
 * Which requests a rule hits. Every field that is set must equal the request's value; an empty match hits
 * every request. `fields` compares top-level request body fields (e.g. `{ vault: 'kv1' }`).
 */
export const faultMatchSchema = z
  .object({
    service: z.string().optional(),
    scope: z.string().optional(),
    operation: z.string().optional(),
    instance: z.string().optional(),
    callerService: z.string().optional(),
    callerInstance: z.string().optional(),
    callerRegion: z.string().optional(),
    fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .strict();

const errorSpecSchema = z
  .object({
    status: z.number().int().min(400).max(599),
    code: z.string().min(1),
    innerCode: z.string().optional(),
    message: z.string().optional(),
  })
  .strict();

const ruleBase = {
  id: z
    .string()
    .regex(/^[A-Za-z0-9_=-][A-Za-z0-9_=.-]{0,127}$/, 'letters, digits, - _ = . only (a JetStream KV key)'),
  /**
   * Where the rule acts: `server` (the callee misbehaves; seen by every caller, raw NATS ones too) or `client`
   * (the caller's view of the network, e.g. a partition between two regions).
   */
  at: z.enum(['client', 'server']).default('server'),
  match: faultMatchSchema.default({}),
  probability: z.number().min(0).max(1).default(1),
  /** Seeds the rule's random decisions so a run can be replayed exactly. */
  seed: z.number().int().default(0),
  /** The rule stops acting at this time; `testbed` reads the testbed clock, `real` the wall clock. */
  expiresAt: z
    .object({ clock: z.enum(['real', 'testbed']), at: z.number() })
    .strict()
    .optional(),
  /** Free text, e.g. the chaos kind that created the rule (`vault-unavailable`). */
  label: z.string().optional(),
};

/** One row of the fault rule table kept in JetStream. The `kind` names the transport behaviour. */
export const faultRuleSchema = z.discriminatedUnion('kind', [
  z
    .object({
      ...ruleBase,
      kind: z.literal('latency'),
      latencyMs: z.number().int().min(0).max(600_000),
      jitterMs: z.number().int().min(0).max(600_000).default(0),
    })
    .strict(),
  z.object({ ...ruleBase, kind: z.literal('error'), error: errorSpecSchema }).strict(),
  z.object({ ...ruleBase, kind: z.literal('unavailable') }).strict(),
  z.object({ ...ruleBase, kind: z.literal('down') }).strict(),
  z.object({ ...ruleBase, kind: z.literal('drop') }).strict(),
]);

export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.output<typeof faultRuleSchema>;
export type FaultMatch = z.output<typeof faultMatchSchema>;
export type FaultKindName = FaultRule['kind'];
