import type { ProcessInfo } from '@cmk-testbed/shared';

export interface KillTarget {
  name: string;
  kind: ProcessInfo['kind'];
}

export interface KillPlan {
  /** Processes to kill in turn, one per service kind. */
  targets: KillTarget[];
  /** Kinds left out, with the reason (printed by the suite). */
  skipped: { kind: string; reason: string }[];
}

/**
 * One process of each service kind, in the order the load feels them least to most: a storage node of
 * `region`, entra, the vault service of `region`, the chaos controller, and a nats-server when the bus has
 * more than one (killing the only one takes every connection down, the supervisor's included).
 */
export function planKills(processes: readonly ProcessInfo[], region = 'eastus'): KillPlan {
  const byName = [...processes].sort((a, b) => a.name.localeCompare(b.name));
  const first = (kind: ProcessInfo['kind'], inRegion?: string) =>
    byName.find((p) => p.kind === kind && (inRegion === undefined || p.region === inRegion));
  const plan: KillPlan = { targets: [], skipped: [] };
  const wanted: [string, ProcessInfo | undefined][] = [
    [`storage in ${region}`, first('storage', region)],
    ['entra', first('entra')],
    [`keyvault in ${region}`, first('keyvault', region)],
    ['chaos', first('chaos')],
  ];
  for (const [kind, found] of wanted) {
    if (found) plan.targets.push({ name: found.name, kind: found.kind });
    else plan.skipped.push({ kind, reason: 'the topology runs no such process' });
  }
  const servers = byName.filter((p) => p.kind === 'nats-server');
  if (servers.length > 1) plan.targets.push({ name: servers[0]!.name, kind: 'nats-server' });
  else {
    plan.skipped.push({
      kind: 'nats-server',
      reason: `the topology runs ${servers.length} nats-server: killing it cuts every process off the bus, the supervisor included; a cluster or supercluster topology is needed to survive it`,
    });
  }
  return plan;
}
