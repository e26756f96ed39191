import { z } from 'zod';
import { actionKind } from '../fault-kind.js';
import { readTarget } from '../read-target.js';
import { describeProcess, knownProcess, supervisedProcesses } from '../world/known-process.js';

const undoSchema = z.object({ name: z.string() });

/** SIGKILLs a process through the supervisor; it stays down until undo restarts it (if it is still down). */
export const processKill = actionKind({
  group: 'process',
  kind: 'process-kill',
  description: 'SIGKILLs a process of the topology; undo restarts it',
  undoSchema,
  async apply(request, ctx) {
    const target = readTarget(request, { required: ['instance'] });
    const process = await knownProcess(ctx, target.instance, 'kill');
    const undo = { name: process.name };
    await ctx.remember(undo);
    await ctx.operator.testbed.kill({ name: process.name });
    return {
      effect: `killed ${describeProcess(process)} with SIGKILL; it stays down until undo restarts it`,
      undo,
    };
  },
  async undo(record, ctx) {
    const found = (await supervisedProcesses(ctx)).find((p) => p.name === record.name);
    if (found && (found.state === 'killed' || found.state === 'exited'))
      await ctx.operator.testbed.restart({ name: record.name });
  },
});
