import { z } from 'zod';
import { defineContract } from '../rpc/contract.js';
import { commonOperations } from './common.js';

/** A duration: ISO 8601 (`PT1H`, `P1D`, `P7DT12H`) or milliseconds. */
export const durationSchema = z.union([z.string().min(2), z.number().nonnegative()]);

const reading = z.object({
  /** Testbed time, epoch ms. */
  now: z.number(),
  iso: z.string(),
  /** How far the testbed clock is ahead of real time, ms. */
  offsetMs: z.number(),
  /** Revision of the clock state; every change increases it. */
  revision: z.number().int(),
});

/** The testbed clock: one time for every process, moved forward on demand. Served by the chaos controller. */
export const clockContract = defineContract({
  service: 'clock',
  scope: 'global',
  version: '0.1.0',
  operations: {
    ...commonOperations,
    now: { description: 'The testbed time.', request: z.object({}).strict(), reply: reading },
    advance: {
      description: 'Moves the testbed clock forward for every process.',
      request: z.object({ by: durationSchema }).strict(),
      reply: reading,
    },
    set: {
      description: 'Sets the testbed clock to a later time (ISO 8601 or epoch ms); it never moves back.',
      request: z.object({ to: z.union([z.string().min(1), z.number()]) }).strict(),
      reply: reading,
    },
  },
});
