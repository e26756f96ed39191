import type { TransportFaultKind } from '../fault-kind.js';

/** Adds `latencyMs` ± `jitterMs` (uniform, seeded) before the request is handled or sent. */
export const latencyFault: TransportFaultKind<'latency'> = {
  kind: 'latency',
  apply(rule, effect, rng) {
    const jitter = rule.jitterMs > 0 ? Math.round((rng() * 2 - 1) * rule.jitterMs) : 0;
    effect.delayMs += Math.max(0, rule.latencyMs + jitter);
  },
};
