import { join } from 'node:path';
import type { PortAllocator } from './port-allocator.js';

export const natsModes = ['single', 'cluster', 'supercluster'] as const;
export type NatsMode = (typeof natsModes)[number];

/** One nats-server of a plan, with every port it listens on already chosen. */
export interface NatsServerSpec {
  serverName: string;
  /** NATS cluster name: the region in a supercluster, `main` otherwise. */
  cluster: string;
  clientPort: number;
  httpPort: number;
  /** Present when the server takes part in a cluster (routes). */
  clusterPort?: number;
  /** Present in supercluster mode (gateways). */
  gatewayPort?: number;
  storeDir: string;
  configPath: string;
}

export interface NatsServerPlan {
  mode: NatsMode;
  servers: NatsServerSpec[];
}

export interface PlanNatsServersInput {
  mode: NatsMode;
  serversPerCluster: number;
  /** Region names; used as cluster names in supercluster mode. */
  regions: readonly string[];
  runDir: string;
  ports: PortAllocator;
}

export const singleClusterName = 'main';

export async function planNatsServers(input: PlanNatsServersInput): Promise<NatsServerPlan> {
  const clusters = input.mode === 'supercluster' ? [...input.regions] : [singleClusterName];
  const perCluster = input.mode === 'single' ? 1 : input.serversPerCluster;
  // A lone server still gets a cluster block in supercluster mode: with gateways, nats-server 2.9 runs
  // clustered JetStream and refuses to start without configured routes.
  const needsRoutes = input.mode !== 'single';
  const servers: NatsServerSpec[] = [];
  for (const cluster of clusters) {
    for (let n = 1; n <= perCluster; n++) {
      const serverName = `nats-${cluster}-${n}`;
      servers.push({
        serverName,
        cluster,
        clientPort: await input.ports.allocate(),
        httpPort: await input.ports.allocate(),
        ...(needsRoutes ? { clusterPort: await input.ports.allocate() } : {}),
        ...(input.mode === 'supercluster' ? { gatewayPort: await input.ports.allocate() } : {}),
        storeDir: join(input.runDir, 'jetstream', serverName),
        configPath: join(input.runDir, 'nats', `${serverName}.conf`),
      });
    }
  }
  return { mode: input.mode, servers };
}
