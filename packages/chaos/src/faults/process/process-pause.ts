import { z } from 'zod';
import { actionKind } from '../fault-kind.js';
import { readTarget } from '../read-target.js';
import { describeProcess, knownProcess, supervisedProcesses } from '../world/known-process.js';

const undoSchema = z.object({ name: z.string() });

/** SIGSTOPs a process through the supervisor: it hangs and its callers time out. Undo resumes it (SIGCONT). */
export const processPause = actionKind({
  group: 'process',
  kind: 'process-pause',
  description: 'Pauses a process of the topology (SIGSTOP); undo resumes it',
  undoSchema,
  async apply(request, ctx) {
    const target = readTarget(request, { required: ['instance'] });
    const process = await knownProcess(ctx, target.instance, 'pause');
    const undo = { name: process.name };
    await ctx.remember(undo);
    await ctx.operator.testbed.pause({ name: process.name });
    return {
      effect: `paused ${describeProcess(process)} with SIGSTOP: it hangs and its callers time out until undo resumes it`,
      undo,
    };
  },
  async undo(record, ctx) {
    const found = (await supervisedProcesses(ctx)).find((p) => p.name === record.name);
    if (found?.state === 'paused') await ctx.operator.testbed.resume({ name: record.name });
  },
});
