import { z } from 'zod';
import { commonOperations } from '../contracts/common.js';
import { defineContract } from '../rpc/contract.js';
import { delay } from '../rpc/delay.js';
import type { HandlerTable } from '../rpc/handler.js';
import { AzureError } from '../wire/azure-error.js';

/** A small contract for testing and benchmarking the rpc layer itself. */
export const echoContract = defineContract({
  service: 'echo',
  scope: 'region',
  version: '0.0.1',
  operations: {
    ...commonOperations,
    echo: {
      request: z
        .object({
          text: z.string().max(1 << 20),
          n: z.number().int(),
          bytes: z.instanceof(Uint8Array).optional(),
        })
        .strict(),
      reply: z.object({
        text: z.string(),
        n: z.number(),
        bytes: z.instanceof(Uint8Array).optional(),
        instance: z.string(),
      }),
    },
    fail: {
      request: z.object({
        status: z.number().int(),
        code: z.string(),
        innerCode: z.string().optional(),
        message: z.string(),
      }),
      reply: z.object({}),
    },
    crash: { request: z.object({}), reply: z.object({}) },
    badReply: { request: z.object({}), reply: z.object({ ok: z.boolean() }) },
    slow: { request: z.object({ ms: z.number().int().min(0) }), reply: z.object({ sleptMs: z.number() }) },
    clockNow: { request: z.object({}), reply: z.object({ now: z.number(), revision: z.number() }) },
  },
});

export const echoHandlers = {
  echo: (req, _state, ctx) => ({ ...req, instance: ctx.instance }),
  fail: (req) => {
    throw new AzureError(req);
  },
  crash: () => {
    throw new TypeError('boom: a bug in a handler');
  },
  // Deliberately wrong, to prove a reply that breaks the contract becomes a 500 instead of reaching the caller.
  badReply: () => ({ ok: 'yes' }) as unknown as { ok: boolean },
  slow: async (req) => {
    await delay(req.ms);
    return { sleptMs: req.ms };
  },
  clockNow: (_req, _state, ctx) => ({ now: ctx.clock.now(), revision: ctx.clock.revision() }),
} satisfies HandlerTable<typeof echoContract, unknown>;
