import { z } from 'zod';
import { actionKind } from '../fault-kind.js';
import { readTarget } from '../read-target.js';
import { describeProcess, knownProcess } from '../world/known-process.js';

const undoSchema = z.object({ name: z.string() });

/**
 * Restarts a process through the supervisor (stop, start, wait until ready). Nothing to undo: the fault stays
 * listed, for reports, until cleared.
 */
export const processRestart = actionKind({
  group: 'process',
  kind: 'process-restart',
  description: 'Restarts a process of the topology (no undo)',
  undoSchema,
  async apply(request, ctx) {
    const target = readTarget(request, { required: ['instance'] });
    const process = await knownProcess(ctx, target.instance, 'restart');
    const undo = { name: process.name };
    await ctx.remember(undo);
    const { process: after } = await ctx.operator.testbed.restart({ name: process.name });
    return {
      effect: `restarted ${describeProcess(process)}; it is ${after.state}${after.pid ? ` as pid ${after.pid}` : ''} (nothing to undo)`,
      undo,
    };
  },
  undo: async () => {},
});
