import type { FaultRuleInput } from '@cmk-testbed/shared';
import { type FaultRequest, FaultTargetError, type TransportFaultKind } from './fault-kind.js';

const throttledMessage = {
  keyvault:
    'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached',
  entra: 'AADSTS50196: The server terminated an operation because it encountered a client request loop.',
} as const;

type Service = keyof typeof throttledMessage;

/** The rule base for a service fault: service, region scope, instance and, for vault faults, the vault. */
function base(service: Service, kindLabel: string, r: FaultRequest) {
  if (service === 'entra' && r.target.vault)
    throw new FaultTargetError('target.vault: entra faults cannot target a vault');
  const fields = r.target.vault ? { vault: r.target.vault } : undefined;
  return {
    id: r.faultId,
    label: kindLabel,
    probability: r.probability,
    seed: r.seed,
    ...(r.expiresAt ? { expiresAt: r.expiresAt } : {}),
    match: {
      service,
      ...(r.target.region && service === 'keyvault' ? { scope: r.target.region } : {}),
      ...(r.target.instance ? { instance: r.target.instance } : {}),
      ...(fields ? { fields } : {}),
    },
  };
}

/**
 * The five transport faults of a service (DESIGN.md §4): unavailable (hangs, callers time out), down (no
 * responders), error (a status and code), throttled (429 with the service's message), latency (ms ± jitter).
 * A fault aimed at one vault is matched on the request's `vault` field; `down` for one vault acts in the
 * callers' clients, since a service can only leave the bus as a whole.
 */
export function serviceFaults(service: Service): TransportFaultKind[] {
  const prefix = service === 'keyvault' ? 'vault' : 'entra';
  const target =
    service === 'keyvault' ? (['region', 'instance', 'vault'] as const) : (['instance'] as const);
  const kind = (
    name: string,
    description: string,
    params: TransportFaultKind['reads']['params'],
    rules: (r: FaultRequest) => FaultRuleInput[],
  ): TransportFaultKind => ({
    group: 'transport',
    kind: `${prefix}-${name}`,
    description,
    reads: { target, params },
    rules,
  });
  return [
    kind('unavailable', `${service} hangs: callers time out`, [], (r) => [
      { ...base(service, `${prefix}-unavailable`, r), kind: 'unavailable' },
    ]),
    kind('down', `${service} is down: callers get no responders at once`, [], (r) => {
      const rule = base(service, `${prefix}-down`, r);
      return [{ ...rule, kind: 'down', at: rule.match.fields ? 'client' : 'server' }];
    }),
    kind('error', `${service} answers an error`, ['status', 'code', 'message'], (r) => {
      if (r.params.status === undefined || !r.params.code)
        throw new FaultTargetError('params: status and code are required');
      return [
        {
          ...base(service, `${prefix}-error`, r),
          kind: 'error',
          error: {
            status: r.params.status,
            code: r.params.code,
            ...(r.params.message ? { message: r.params.message } : {}),
          },
        },
      ];
    }),
    kind('throttled', `${service} throttles (429)`, ['message'], (r) => [
      {
        ...base(service, `${prefix}-throttled`, r),
        kind: 'error',
        error: { status: 429, code: 'Throttled', message: r.params.message ?? throttledMessage[service] },
      },
    ]),
    kind('latency', `${service} is slow`, ['ms', 'jitterMs'], (r) => [
      {
        ...base(service, `${prefix}-latency`, r),
        kind: 'latency',
        latencyMs: r.params.ms ?? 1000,
        jitterMs: r.params.jitterMs ?? 0,
      },
    ]),
  ];
}
