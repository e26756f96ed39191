import { z } from 'zod';

/** Operations every service answers; the rpc layer serves them, so no service can forget one. */
export const commonOperations = {
  health: {
    description: 'Liveness and identity of the instance that answered.',
    request: z.object({}).strict(),
    reply: z.object({
      status: z.literal('ok'),
      service: z.string(),
      instance: z.string(),
      region: z.string(),
      version: z.string(),
      pid: z.number().int(),
      uptimeMs: z.number(),
      /** The instance's testbed clock, epoch ms. */
      clockNow: z.number(),
      clockRevision: z.number().int(),
    }),
  },
} as const;
