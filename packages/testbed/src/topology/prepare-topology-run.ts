import { type NatsServerPlan, planNatsServers } from '../nats/nats-server-plan.js';
import { natsUrls } from '../nats/nats-urls.js';
import { createPortAllocator, type PortAllocator } from '../nats/port-allocator.js';
import { writeNatsServerConfigs } from '../nats/write-nats-server-configs.js';
import type { ProcessSpec } from '../supervisor/process-spec.js';
import { type PlanProcessesOptions, planProcesses } from './plan-processes.js';
import type { Topology } from './topology-schema.js';

export interface PrepareTopologyRunOptions extends Omit<PlanProcessesOptions, 'nats'> {
  ports?: PortAllocator;
}

export interface TopologyRun {
  nats: NatsServerPlan;
  processes: ProcessSpec[];
  /** Comma-separated client URLs of every nats-server: what the supervisor and CLI users connect to. */
  natsUrl: string;
}

/** Allocates ports, writes the nats-server configs under runDir and plans every process of the topology. */
export async function prepareTopologyRun(
  topology: Topology,
  options: PrepareTopologyRunOptions,
): Promise<TopologyRun> {
  const nats = await planNatsServers({
    mode: topology.nats.mode,
    serversPerCluster: topology.nats.serversPerCluster,
    regions: topology.regions.map((r) => r.name),
    runDir: options.runDir,
    ports: options.ports ?? createPortAllocator(),
  });
  await writeNatsServerConfigs(nats);
  return {
    nats,
    processes: planProcesses(topology, { ...options, nats }),
    natsUrl: natsUrls(nats).join(','),
  };
}
