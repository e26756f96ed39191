import { type InjectedFault, injectedFaultSchema } from '@cmk-testbed/shared';
import { z } from 'zod';

/**
 * A fault as the controller keeps it in the `cmk-chaos` bucket: what the contract lists, plus how far the
 * controller got and how to undo it. The phases make a crash at any point recoverable:
 *
 * - `applying`: written (with the undo record) before the first change. A controller that finds it at start
 *   did not finish the injection, whose caller got no answer: it rolls the change back.
 * - `active`: the change is made; `clear`, `reset` or expiry undoes it.
 * - `undoing`: written before undoing; a controller that finds it at start finishes the undo.
 *
 * Records written before phases existed (transport faults) read as `active`.
 */
export const storedFaultSchema = injectedFaultSchema.extend({
  group: z.enum(['transport', 'semantic', 'process', 'time']).default('transport'),
  phase: z.enum(['applying', 'active', 'undoing']).default('active'),
  /** The kind's undo record (validated by the kind's own schema when used). */
  undo: z.unknown().optional(),
});

export type StoredFault = z.output<typeof storedFaultSchema>;

/** The contract's view of a stored fault. */
export function presentFault(fault: StoredFault): InjectedFault {
  const { group: _group, phase, undo: _undo, ...listed } = fault;
  if (phase === 'applying' && !listed.effect) {
    return { ...listed, effect: 'being injected (or interrupted by a controller restart, then rolled back)' };
  }
  return listed;
}
