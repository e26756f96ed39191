import {
  defaultTopology,
  type NatsServerPlan,
  type ProcessSpec,
  planNatsServers,
  planProcesses,
  type Topology,
} from '@cmk-testbed/testbed';

/**
 * The topology docker-compose.yml runs: the default topology's services on a supercluster of one nats-server
 * per region (the issue asks for a two-region supercluster in containers; the default runs one server).
 */
export const composeTopology: Topology = {
  ...defaultTopology,
  nats: { mode: 'supercluster', serversPerCluster: 1, jetstreamReplicas: 1 },
};

export interface TopologyPlan {
  nats: NatsServerPlan;
  processes: ProcessSpec[];
}

/**
 * The supervisor's process plan for `topology` (names, kinds, regions, env), with made-up ports and paths: the
 * plan is only read, never started.
 */
export async function planTopology(topology: Topology): Promise<TopologyPlan> {
  let nextPort = 40_000;
  const nats = await planNatsServers({
    mode: topology.nats.mode,
    serversPerCluster: topology.nats.serversPerCluster,
    regions: topology.regions.map((r) => r.name),
    runDir: '/plan',
    ports: { allocate: async () => nextPort++ },
  });
  const processes = planProcesses(topology, {
    runDir: '/plan',
    natsServerBin: 'nats-server',
    nats,
    packagesDir: '/plan/packages',
  });
  return { nats, processes };
}
