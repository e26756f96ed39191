import type { TransportFaultKind } from '../fault-kind.js';

/** Behaves as if no instance served the subject: the caller gets "no responders" at once. */
export const downFault: TransportFaultKind<'down'> = {
  kind: 'down',
  apply(rule, effect) {
    if (!effect.terminal) effect.terminal = { kind: 'down', ruleId: rule.id };
  },
};
