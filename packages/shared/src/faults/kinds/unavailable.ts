import type { TransportFaultKind } from '../fault-kind.js';

/** Never replies: the caller waits for its deadline, as with a hung service. */
export const unavailableFault: TransportFaultKind<'unavailable'> = {
  kind: 'unavailable',
  apply(rule, effect) {
    if (!effect.terminal) effect.terminal = { kind: 'unavailable', ruleId: rule.id };
  },
};
