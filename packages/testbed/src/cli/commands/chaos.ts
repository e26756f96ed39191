import type { InjectedFault } from '@cmk-testbed/shared';
import type { CliConfig } from '../../config.js';
import { formatTable } from '../format-table.js';
import { type CliIo, UsageError } from '../io.js';
import { connectToTestbed } from '../testbed-connection.js';

/** Target selectors and parameters of `chaos inject`, as command-line options. */
export const chaosInjectOptions = {
  connect: { type: 'string' },
  service: { type: 'string' },
  region: { type: 'string' },
  instance: { type: 'string' },
  vault: { type: 'string' },
  key: { type: 'string' },
  account: { type: 'string' },
  tenant: { type: 'string' },
  identity: { type: 'string' },
  app: { type: 'string' },
  subscription: { type: 'string' },
  regions: { type: 'string' },
  probability: { type: 'string' },
  duration: { type: 'string' },
  'real-time': { type: 'boolean' },
  seed: { type: 'string' },
  ms: { type: 'string' },
  'jitter-ms': { type: 'string' },
  status: { type: 'string' },
  code: { type: 'string' },
  message: { type: 'string' },
  skew: { type: 'string' },
  'to-tenant': { type: 'string' },
  role: { type: 'string' },
  name: { type: 'string' },
} as const;

type Values = { [K in keyof typeof chaosInjectOptions]?: K extends 'real-time' ? boolean : string };

/**
 * `cmk-testbed chaos inject KIND [selectors] [--duration D] ...`, `chaos clear FAULT_ID`, `chaos list`,
 * `chaos reset`: thin verbs over the chaos contract. Names are the real ones (as `status` and the reports
 * show them), not a scenario's symbolic ones.
 */
export async function chaosCommand(
  args: string[],
  values: Values,
  config: CliConfig,
  io: CliIo,
): Promise<number> {
  const [verb, ...rest] = args;
  const request = verb === 'inject' ? injectRequest(rest, values) : undefined;
  if (verb === 'clear' && rest.length !== 1) throw new UsageError('chaos clear: give exactly one FAULT_ID');
  if ((verb === 'list' || verb === 'reset') && rest.length > 0) {
    throw new UsageError(`chaos ${verb}: unexpected '${rest.join(' ')}'`);
  }
  if (!['inject', 'clear', 'list', 'reset'].includes(verb ?? '')) {
    throw new UsageError(`chaos: expected inject, clear, list or reset, got '${verb ?? ''}'`);
  }
  await using tb = await connectToTestbed({
    connect: values.connect,
    envNatsUrl: config.natsUrl,
    home: config.home,
  });
  switch (verb) {
    case 'inject': {
      const fault = await tb.chaos.inject(request as never);
      io.out(fault.faultId);
      io.err(describeFault(fault));
      return 0;
    }
    case 'clear':
      await tb.chaos.clear({ faultId: rest[0]! });
      io.err(`cleared ${rest[0]}`);
      return 0;
    case 'list': {
      const { faults } = await tb.chaos.list({});
      io.out(
        faults.length === 0
          ? 'no faults in force'
          : formatTable(
              ['fault', 'kind', 'target', 'expires', 'effect'],
              faults.map((f) => [
                f.faultId,
                f.kind,
                targetText(f.target),
                f.expiresAt ? `${new Date(f.expiresAt.at).toISOString()} (${f.expiresAt.clock})` : '',
                f.effect ?? '',
              ]),
            ),
      );
      return 0;
    }
    default: {
      const reply = await tb.chaos.reset({});
      io.err(`cleared ${reply.cleared} fault(s)`);
      for (const f of reply.failed) io.err(`could not undo ${f.faultId}: ${f.message}`);
      return reply.failed.length === 0 ? 0 : 1;
    }
  }
}

function injectRequest(rest: string[], v: Values) {
  const [kind, ...extra] = rest;
  if (!kind)
    throw new UsageError('chaos inject: a fault KIND is required, e.g. vault-unavailable or key-disable');
  if (extra.length > 0) throw new UsageError(`chaos inject: unexpected '${extra.join(' ')}'`);
  const number = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n)) throw new UsageError(`chaos inject: --${name} must be a number, got '${value}'`);
    return n;
  };
  const regions = v.regions?.split(',');
  if (regions && regions.length !== 2)
    throw new UsageError('chaos inject: --regions takes two regions, e.g. eastus,westeurope');
  const target = compact({
    service: v.service,
    region: v.region,
    instance: v.instance,
    vault: v.vault,
    key: v.key,
    account: v.account,
    tenant: v.tenant,
    identity: v.identity,
    app: v.app,
    subscription: v.subscription,
    regions,
  });
  const params = compact({
    ms: number('ms', v.ms),
    jitterMs: number('jitter-ms', v['jitter-ms']),
    status: number('status', v.status),
    code: v.code,
    message: v.message,
    skew: v.skew,
    toTenant: v['to-tenant'],
    role: v.role,
    name: v.name,
  });
  return compact({
    kind,
    target,
    params,
    probability: number('probability', v.probability),
    duration: v.duration,
    durationClock: v['real-time'] ? 'real' : undefined,
    seed: number('seed', v.seed),
  });
}

function compact<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

function targetText(target: Record<string, unknown>): string {
  return Object.entries(target)
    .map(([k, value]) => `${k}=${Array.isArray(value) ? value.join(',') : String(value)}`)
    .join(' ');
}

function describeFault(fault: InjectedFault): string {
  const expires = fault.expiresAt
    ? `, until ${new Date(fault.expiresAt.at).toISOString()} (${fault.expiresAt.clock} time)`
    : '';
  return `injected ${fault.kind} on ${targetText(fault.target) || 'every process'}${expires}${fault.effect ? `: ${fault.effect}` : ''}`;
}
