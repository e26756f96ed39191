import { describe, expect, it } from 'vitest';
import { type NatsMode, planNatsServers } from '../nats/nats-server-plan.js';
import type { PortAllocator } from '../nats/port-allocator.js';
import { defaultTopology } from './default-topology.js';
import { planProcesses } from './plan-processes.js';
import { type Topology, topologySchema } from './topology-schema.js';

function countingPorts(): PortAllocator {
  let next = 30_000;
  return { allocate: async () => next++ };
}

async function plan(topology: Topology, mode: NatsMode = topology.nats.mode) {
  const nats = await planNatsServers({
    mode,
    serversPerCluster: topology.nats.serversPerCluster,
    regions: topology.regions.map((r) => r.name),
    runDir: '/run',
    ports: countingPorts(),
  });
  return {
    nats,
    processes: planProcesses(topology, {
      runDir: '/run',
      natsServerBin: '/bin/nats-server',
      nats,
      packagesDir: '/repo/packages',
    }),
  };
}

describe('planProcesses', () => {
  it('orders the default topology: nats, entra, keyvault per region, storage nodes, chaos', async () => {
    const { processes } = await plan(defaultTopology);
    expect(processes.map((p) => p.name)).toEqual([
      'nats-main-1',
      'entra-1',
      'keyvault-eastus-1',
      'keyvault-westeurope-1',
      'storage-eastus-1',
      'storage-eastus-2',
      'storage-westeurope-1',
      'chaos-1',
    ]);
  });

  it('runs nats-server from its config and waits for its healthz', async () => {
    const { nats, processes } = await plan(defaultTopology);
    expect(processes[0]).toMatchObject({
      kind: 'nats-server',
      command: '/bin/nats-server',
      args: ['-c', '/run/nats/nats-main-1.conf'],
      readiness: { type: 'nats-healthz', url: `http://127.0.0.1:${nats.servers[0]!.httpPort}/healthz` },
    });
  });

  it('runs each service as a node program with its identity in the environment', async () => {
    const { nats, processes } = await plan(defaultTopology);
    const storage = processes.find((p) => p.name === 'storage-westeurope-1')!;
    expect(storage).toEqual({
      name: 'storage-westeurope-1',
      kind: 'storage',
      region: 'westeurope',
      command: process.execPath,
      args: ['/repo/packages/storage-svc/dist/main.js'],
      env: {
        NATS_URL: `nats://127.0.0.1:${nats.servers[0]!.clientPort}`,
        CMK_SERVICE: 'storage',
        CMK_INSTANCE: 'storage-westeurope-1',
        CMK_REGION: 'westeurope',
        CMK_EGRESS_IP: '10.1.0.2',
        CMK_RUN_DIR: '/run',
        LOG_LEVEL: 'info',
        CMK_SUPERVISED: '1',
        CMK_JS_REPLICAS: '1',
      },
      readiness: { type: 'srv-ping', serviceName: 'cmk-storage', instance: 'storage-westeurope-1' },
    });
    const byName = Object.fromEntries(processes.map((p) => [p.name, p]));
    expect(byName['entra-1']!.args).toEqual(['/repo/packages/entra-svc/dist/main.js']);
    expect(byName['chaos-1']!.args).toEqual(['/repo/packages/chaos/dist/main.js']);
    expect(byName['keyvault-eastus-1']!.readiness).toEqual({
      type: 'srv-ping',
      serviceName: 'cmk-keyvault',
      instance: 'keyvault-eastus-1',
    });
    expect(byName['entra-1']!.env.CMK_REGION).toBe('global');
  });

  it('gives every service all servers in cluster mode', async () => {
    const topology = topologySchema.parse({
      regions: [{ name: 'eastus' }],
      nats: { mode: 'cluster', serversPerCluster: 3 },
    });
    const { processes } = await plan(topology);
    expect(processes.filter((p) => p.kind === 'nats-server').map((p) => p.name)).toEqual([
      'nats-main-1',
      'nats-main-2',
      'nats-main-3',
    ]);
    expect(processes.find((p) => p.kind === 'storage')!.env.NATS_URL?.split(',')).toHaveLength(3);
  });

  it('connects each service to its own region cluster in supercluster mode; cloud-wide ones to the first region', async () => {
    const topology = topologySchema.parse({
      regions: [{ name: 'eastus' }, { name: 'westeurope', keyvaultReplicas: 2 }],
      entraReplicas: 2,
      nats: { mode: 'supercluster', serversPerCluster: 3, jetstreamReplicas: 3 },
    });
    const { nats, processes } = await plan(topology);
    const urls = (cluster: string) =>
      nats.servers
        .filter((s) => s.cluster === cluster)
        .map((s) => `nats://127.0.0.1:${s.clientPort}`)
        .join(',');
    const byName = Object.fromEntries(processes.map((p) => [p.name, p]));
    expect(processes.slice(0, 6).map((p) => p.name)).toEqual([
      'nats-eastus-1',
      'nats-eastus-2',
      'nats-eastus-3',
      'nats-westeurope-1',
      'nats-westeurope-2',
      'nats-westeurope-3',
    ]);
    expect(byName['keyvault-westeurope-2']!.env.NATS_URL).toBe(urls('westeurope'));
    expect(byName['storage-eastus-1']!.env.NATS_URL).toBe(urls('eastus'));
    expect(byName['entra-2']!.env.NATS_URL).toBe(urls('eastus'));
    expect(byName['chaos-1']!.env).toMatchObject({ NATS_URL: urls('eastus'), CMK_REGION: 'global' });
    expect(byName['nats-westeurope-2']!.region).toBe('westeurope');
  });

  it('gives every process a unique name', async () => {
    const topology = topologySchema.parse({
      regions: [
        { name: 'eastus', storageNodes: 3, keyvaultReplicas: 2 },
        { name: 'westeurope', storageNodes: 2 },
      ],
      entraReplicas: 3,
      nats: { mode: 'supercluster', serversPerCluster: 3 },
    });
    const names = (await plan(topology)).processes.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(6 + 3 + 3 + 5 + 1);
  });
});
