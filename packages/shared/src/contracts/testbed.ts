import { z } from 'zod';
import { defineContract } from '../rpc/contract.js';
import { commonOperations } from './common.js';

export const processKindSchema = z.enum(['nats-server', 'entra', 'keyvault', 'storage', 'chaos']);
export const processStateSchema = z.enum(['starting', 'running', 'paused', 'exited', 'killed', 'restarting']);

export const processInfoSchema = z.object({
  name: z.string(),
  kind: processKindSchema,
  region: z.string(),
  pid: z.number().int().nullable(),
  state: processStateSchema,
  startedAt: z.number().nullable(),
  uptimeMs: z.number(),
  restarts: z.number().int(),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
});

const byName = z.object({ name: z.string().min(1) }).strict();
const oneProcess = z.object({ process: processInfoSchema });

/** The supervisor: lists the testbed's processes and crashes, restarts, pauses and resumes them on request. */
export const testbedContract = defineContract({
  service: 'testbed',
  scope: 'global',
  version: '0.1.0',
  operations: {
    ...commonOperations,
    list: {
      description: 'Every process of the testbed with its state.',
      request: z.object({}).strict(),
      reply: z.object({ runDir: z.string(), natsUrl: z.string(), processes: z.array(processInfoSchema) }),
    },
    kill: { description: 'SIGKILL a process.', request: byName, reply: oneProcess },
    restart: {
      description: 'Stop a process and start it again; waits until ready.',
      request: byName,
      reply: oneProcess,
    },
    pause: {
      description: 'SIGSTOP a process (it hangs: callers time out).',
      request: byName,
      reply: oneProcess,
    },
    resume: { description: 'SIGCONT a paused process.', request: byName, reply: oneProcess },
    shutdown: {
      description: 'Stop every process and the supervisor.',
      request: z.object({}).strict(),
      reply: z.object({ stopping: z.literal(true) }),
    },
  },
});

export type ProcessInfo = z.output<typeof processInfoSchema>;
