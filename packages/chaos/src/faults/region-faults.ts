import type { FaultRuleInput } from '@cmk-testbed/shared';
import { type FaultRequest, FaultTargetError, type TransportFaultKind } from './fault-kind.js';

function pair(r: FaultRequest): [string, string] {
  const regions = r.target.regions;
  if (!regions || regions[0] === regions[1])
    throw new FaultTargetError(
      'target.regions: two different regions are required, e.g. [eastus, westeurope]',
    );
  return regions;
}

/** Rules for both directions between two regions, acting in the callers' clients (the network between them). */
function bothWays(
  r: FaultRequest,
  label: string,
  make: (from: string, to: string) => Omit<FaultRuleInput, 'id'>,
): FaultRuleInput[] {
  const [a, b] = pair(r);
  return [
    [a, b],
    [b, a],
  ].map(([from, to], i) => ({ ...make(from!, to!), id: `${r.faultId}-${i}`, label }) as FaultRuleInput);
}

const common = (r: FaultRequest) => ({
  at: 'client' as const,
  probability: r.probability,
  seed: r.seed,
  ...(r.expiresAt ? { expiresAt: r.expiresAt } : {}),
});

export const regionPartition: TransportFaultKind = {
  group: 'transport',
  kind: 'region-partition',
  description: 'No request crosses between two regions (callers see no responders)',
  reads: { target: ['regions'], params: [] },
  rules: (r) =>
    bothWays(r, 'region-partition', (from, to) => ({
      ...common(r),
      kind: 'down',
      match: { callerRegion: from, scope: to },
    })),
};

export const regionLatency: TransportFaultKind = {
  group: 'transport',
  kind: 'region-latency',
  description: 'Requests between two regions are delayed',
  reads: { target: ['regions'], params: ['ms', 'jitterMs'] },
  rules: (r) =>
    bothWays(r, 'region-latency', (from, to) => ({
      ...common(r),
      kind: 'latency',
      latencyMs: r.params.ms ?? 100,
      jitterMs: r.params.jitterMs ?? 0,
      match: { callerRegion: from, scope: to },
    })),
};

export const messageDrop: TransportFaultKind = {
  group: 'transport',
  kind: 'message-drop',
  description: 'A share of requests is lost (use probability)',
  reads: { target: ['service', 'region', 'instance'], params: [] },
  rules: (r) => [
    {
      id: r.faultId,
      label: 'message-drop',
      kind: 'drop',
      probability: r.probability,
      seed: r.seed,
      ...(r.expiresAt ? { expiresAt: r.expiresAt } : {}),
      match: {
        ...(r.target.service ? { service: r.target.service } : {}),
        ...(r.target.region ? { scope: r.target.region } : {}),
        ...(r.target.instance ? { instance: r.target.instance } : {}),
      },
    },
  ],
};
