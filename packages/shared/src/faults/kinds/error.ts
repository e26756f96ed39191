import type { TransportFaultKind } from '../fault-kind.js';

/** Replies with the given Azure-shaped error instead of handling the request. */
export const errorFault: TransportFaultKind<'error'> = {
  kind: 'error',
  apply(rule, effect) {
    if (effect.terminal) return;
    effect.terminal = {
      kind: 'error',
      ruleId: rule.id,
      error: {
        status: rule.error.status,
        code: rule.error.code,
        innerCode: rule.error.innerCode,
        message: rule.error.message ?? `Injected fault ${rule.id}: ${rule.error.code}`,
      },
    };
  },
};
