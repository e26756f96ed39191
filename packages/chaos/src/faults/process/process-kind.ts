import type { ProcessInfo } from '@cmk-testbed/shared';
import { z } from 'zod';
import { type ActionFaultKind, actionKind } from '../fault-kind.js';
import { readTarget } from '../read-target.js';
import { describeProcess, knownProcess, supervisedProcesses } from '../world/known-process.js';

const undoSchema = z.object({ name: z.string() });

export interface ProcessKindDefinition {
  kind: string;
  description: string;
  /** The supervisor operation that makes the fault; a refusal names it too ("cannot kill itself"). */
  verb: 'kill' | 'pause' | 'restart';
  /** The effect in words, from the process as described before the verb and as the supervisor left it. */
  effect(described: string, after: ProcessInfo): string;
  /**
   * The supervisor operation that undoes the fault, and the states it is needed in: a process no longer in
   * them was brought back already (an undo run again), so undo converges. Absent: there is nothing to undo.
   */
  undo?: { verb: 'restart' | 'resume'; when: readonly ProcessInfo['state'][] };
}

/**
 * A fault on one process of the topology (`target.instance`), made through the supervisor. Its undo record is
 * the process's name: the supervisor knows the rest.
 */
export function processKind(definition: ProcessKindDefinition): ActionFaultKind {
  const { verb, undo } = definition;
  return actionKind({
    group: 'process',
    kind: definition.kind,
    description: definition.description,
    undoSchema,
    async apply(request, ctx) {
      const target = readTarget(request, { required: ['instance'] });
      const process = await knownProcess(ctx, target.instance, verb);
      const record = { name: process.name };
      await ctx.remember(record);
      const { process: after } = await ctx.operator.testbed[verb]({ name: process.name });
      return { effect: definition.effect(describeProcess(process), after), undo: record };
    },
    async undo(record, ctx) {
      if (!undo) return;
      const found = (await supervisedProcesses(ctx)).find((p) => p.name === record.name);
      if (found && undo.when.includes(found.state))
        await ctx.operator.testbed[undo.verb]({ name: record.name });
    },
  });
}
