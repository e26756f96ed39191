import { z } from 'zod';
import { natsModes } from '../nats/nats-server-plan.js';

// Region names become NATS cluster and gateway names and parts of instance names, so keep them tame.
const regionName = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must be lowercase letters and digits, like eastus or westeurope');

const replicaCount = z.number().int().min(1);

const regionSchema = z.strictObject({
  name: regionName,
  /** Only a label carried in request headers (what a vault firewall sees); never dialled. */
  egressIp: z.ipv4().optional(),
  storageNodes: replicaCount.default(1),
  keyvaultReplicas: replicaCount.default(1),
});

const natsSchema = z.strictObject({
  mode: z.enum(natsModes).default('single'),
  serversPerCluster: z.number().int().min(1).max(7).default(1),
  jetstreamReplicas: z.union([z.literal(1), z.literal(3)]).default(1),
});

const latencyMs = z.number().min(0);
const latencyPairSchema = z.strictObject({ regions: z.tuple([regionName, regionName]), ms: latencyMs });
const latencyMapSchema = z.record(
  z.string().regex(/^.+->.+$/, 'keys must look like "eastus->westeurope"'),
  latencyMs,
);

const rawTopologySchema = z.strictObject({
  regions: z.array(regionSchema).min(1),
  entraReplicas: replicaCount.default(1),
  nats: natsSchema.default({ mode: 'single', serversPerCluster: 1, jetstreamReplicas: 1 }),
  interRegionLatencyMs: z.union([latencyMapSchema, z.array(latencyPairSchema)]).optional(),
});

type RawTopology = z.output<typeof rawTopologySchema>;

/** A topology file: regions with their nodes and replicas, the NATS layout and inter-region latency. */
export const topologySchema = rawTopologySchema.superRefine(checkTopology).transform(normalizeTopology);

export type Topology = z.output<typeof topologySchema>;
export type TopologyInput = z.input<typeof topologySchema>;
export interface InterRegionLatency {
  regions: [string, string];
  ms: number;
}

function checkTopology(topology: RawTopology, ctx: z.RefinementCtx): void {
  const names = new Set<string>();
  topology.regions.forEach((region, i) => {
    if (names.has(region.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['regions', i, 'name'],
        message: `duplicate region "${region.name}"`,
      });
    }
    names.add(region.name);
  });
  const { mode, serversPerCluster, jetstreamReplicas } = topology.nats;
  if (mode === 'single' && serversPerCluster !== 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['nats', 'serversPerCluster'],
      message: 'single mode runs exactly one server; use mode cluster or supercluster for more',
    });
  }
  const servers = mode === 'single' ? 1 : serversPerCluster;
  if (jetstreamReplicas > servers) {
    ctx.addIssue({
      code: 'custom',
      path: ['nats', 'jetstreamReplicas'],
      message: `${jetstreamReplicas} replicas need at least ${jetstreamReplicas} servers per cluster, got ${servers}`,
    });
  }
  for (const { path, regions } of latencyEntries(topology.interRegionLatencyMs)) {
    for (const region of regions) {
      if (!names.has(region)) ctx.addIssue({ code: 'custom', path, message: `unknown region "${region}"` });
    }
    if (regions[0] === regions[1]) {
      ctx.addIssue({ code: 'custom', path, message: 'latency needs two different regions' });
    }
  }
}

function latencyEntries(latency: RawTopology['interRegionLatencyMs']) {
  if (latency === undefined) return [];
  if (Array.isArray(latency)) {
    return latency.map((pair, i) => ({
      path: ['interRegionLatencyMs', i, 'regions'],
      regions: pair.regions,
      ms: pair.ms,
    }));
  }
  return Object.entries(latency).map(([key, ms]) => {
    const [from = '', to = ''] = key.split('->');
    return { path: ['interRegionLatencyMs', key], regions: [from.trim(), to.trim()] as [string, string], ms };
  });
}

function normalizeTopology(topology: RawTopology) {
  return {
    ...topology,
    // A distinct default label per region keeps vault IP rules meaningful without any configuration.
    regions: topology.regions.map((region, i) => ({
      ...region,
      egressIp: region.egressIp ?? `10.1.0.${i + 1}`,
    })),
    interRegionLatencyMs: latencyEntries(topology.interRegionLatencyMs).map(
      ({ regions, ms }): InterRegionLatency => ({ regions, ms }),
    ),
  };
}
