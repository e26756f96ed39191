import type { TransportFaultKind } from '../fault-kind.js';

/** Loses the message (use `probability` for a lossy link): the caller waits for its deadline. */
export const dropFault: TransportFaultKind<'drop'> = {
  kind: 'drop',
  apply(rule, effect) {
    if (!effect.terminal) effect.terminal = { kind: 'drop', ruleId: rule.id };
  },
};
