import type { FaultRuleInput } from '@cmk-testbed/shared';
import type { Topology } from '../topology/topology-schema.js';

/** Label of the fault rules a topology installs, so a chaos `reset` can tell them from injected faults. */
export const topologyRuleLabel = 'topology';

/**
 * A topology's inter-region latency as client-side latency rules: a call from a process in region `a` to a
 * regional service in region `b` (and back) waits `ms` first. Global services (entra, chaos) have no region
 * and are not delayed.
 */
export function topologyLatencyRules(topology: Topology): FaultRuleInput[] {
  return topology.interRegionLatencyMs.flatMap(({ regions: [a, b], ms }) =>
    [
      [a, b],
      [b, a],
    ].map(
      ([from, to]): FaultRuleInput => ({
        id: `topology-latency-${from}-${to}`,
        kind: 'latency',
        at: 'client',
        latencyMs: Math.round(ms),
        match: { callerRegion: from, scope: to },
        label: topologyRuleLabel,
      }),
    ),
  );
}
