import { join } from 'node:path';
import { natsHealthzUrl } from '../nats/nats-healthz-url.js';
import type { NatsServerPlan } from '../nats/nats-server-plan.js';
import { natsUrls } from '../nats/nats-urls.js';
import type { ProcessSpec } from '../supervisor/process-spec.js';
import { resolvePackagesDir } from './resolve-packages-dir.js';
import { type ServiceKind, serviceCatalog } from './service-catalog.js';
import type { Topology } from './topology-schema.js';

export interface PlanProcessesOptions {
  runDir: string;
  natsServerBin: string;
  /** The nats-server layout for this topology, ports already allocated (see planNatsServers). */
  nats: NatsServerPlan;
  /** Defaults to the repository's packages folder. */
  packagesDir?: string;
  /** Node binary for the services; defaults to the one running this code. */
  nodeBin?: string;
  logLevel?: string;
}

/** Region label of processes that serve the whole cloud rather than one region. */
export const globalRegion = 'global';

/** Every process of a topology in start order: nats-servers, entra, keyvault per region, storage, chaos. */
export function planProcesses(topology: Topology, options: PlanProcessesOptions): ProcessSpec[] {
  const packagesDir = options.packagesDir ?? resolvePackagesDir();
  const supercluster = options.nats.mode === 'supercluster';
  const home = topology.regions[0]!;
  const service = (kind: ServiceKind, name: string, region: string, egressIp: string, natsRegion: string) => {
    const { packageDir, serviceName } = serviceCatalog[kind];
    const spec: ProcessSpec = {
      name,
      kind,
      region,
      command: options.nodeBin ?? process.execPath,
      args: [join(packagesDir, packageDir, 'dist', 'main.js')],
      env: {
        NATS_URL: natsUrls(options.nats, supercluster ? natsRegion : undefined).join(','),
        CMK_SERVICE: kind,
        CMK_INSTANCE: name,
        CMK_REGION: region,
        CMK_EGRESS_IP: egressIp,
        CMK_RUN_DIR: options.runDir,
        LOG_LEVEL: options.logLevel ?? 'info',
        CMK_SUPERVISED: '1',
        CMK_JS_REPLICAS: String(topology.nats.jetstreamReplicas),
      },
      readiness: { type: 'srv-ping', serviceName, instance: name },
    };
    return spec;
  };

  const natsServers = options.nats.servers.map(
    (server): ProcessSpec => ({
      name: server.serverName,
      kind: 'nats-server',
      region: supercluster ? server.cluster : globalRegion,
      command: options.natsServerBin,
      args: ['-c', server.configPath],
      env: {},
      readiness: { type: 'nats-healthz', url: natsHealthzUrl(server) },
    }),
  );
  // Cloud-wide services live on the first region's cluster, their home in a supercluster.
  const entra = range(topology.entraReplicas).map((n) =>
    service('entra', `entra-${n}`, globalRegion, home.egressIp, home.name),
  );
  const keyvaults = topology.regions.flatMap((r) =>
    range(r.keyvaultReplicas).map((n) =>
      service('keyvault', `keyvault-${r.name}-${n}`, r.name, r.egressIp, r.name),
    ),
  );
  const storage = topology.regions.flatMap((r) =>
    range(r.storageNodes).map((n) =>
      service('storage', `storage-${r.name}-${n}`, r.name, r.egressIp, r.name),
    ),
  );
  const chaos = service('chaos', 'chaos-1', globalRegion, home.egressIp, home.name);
  return [...natsServers, ...entra, ...keyvaults, ...storage, chaos];
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}
