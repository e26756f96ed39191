import type { FaultEffect } from './effect.js';
import type { Rng } from './rng.js';
import type { FaultRule } from './rule.js';

/**
 * One transport fault kind. `apply` folds the rule into the effect for a request the rule matched and whose
 * probability roll succeeded; `rng` is the rule's own seeded stream.
 */
export interface TransportFaultKind<K extends FaultRule['kind'] = FaultRule['kind']> {
  kind: K;
  apply(rule: Extract<FaultRule, { kind: K }>, effect: FaultEffect, rng: Rng): void;
}
