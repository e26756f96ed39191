import { describe, expect, it } from 'vitest';
import { defaultTopology } from './default-topology.js';
import { topologySchema } from './topology-schema.js';

const paths = (data: unknown) => {
  const result = topologySchema.safeParse(data);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
};

describe('topologySchema', () => {
  it('fills defaults: one node and replica per region, single NATS, one entra, derived egress IPs', () => {
    const topology = topologySchema.parse({ regions: [{ name: 'eastus' }, { name: 'westeurope' }] });
    expect(topology).toEqual({
      regions: [
        { name: 'eastus', egressIp: '10.1.0.1', storageNodes: 1, keyvaultReplicas: 1 },
        { name: 'westeurope', egressIp: '10.1.0.2', storageNodes: 1, keyvaultReplicas: 1 },
      ],
      entraReplicas: 1,
      nats: { mode: 'single', serversPerCluster: 1, jetstreamReplicas: 1 },
      interRegionLatencyMs: [],
    });
  });

  it('accepts the built-in default topology unchanged', () => {
    expect(topologySchema.parse(defaultTopology)).toEqual(defaultTopology);
  });

  it('normalizes both latency forms to region pairs', () => {
    const regions = [{ name: 'eastus' }, { name: 'westeurope' }];
    const fromMap = topologySchema.parse({ regions, interRegionLatencyMs: { 'eastus->westeurope': 80 } });
    const fromList = topologySchema.parse({
      regions,
      interRegionLatencyMs: [{ regions: ['eastus', 'westeurope'], ms: 80 }],
    });
    expect(fromMap.interRegionLatencyMs).toEqual([{ regions: ['eastus', 'westeurope'], ms: 80 }]);
    expect(fromList.interRegionLatencyMs).toEqual(fromMap.interRegionLatencyMs);
  });

  it.each([
    ['no regions', { regions: [] }, 'regions'],
    ['zero storage nodes', { regions: [{ name: 'eastus', storageNodes: 0 }] }, 'regions.0.storageNodes'],
    ['a bad egress IP', { regions: [{ name: 'eastus', egressIp: '10.1.0' }] }, 'regions.0.egressIp'],
    ['a duplicate region', { regions: [{ name: 'eastus' }, { name: 'eastus' }] }, 'regions.1.name'],
    ['an upper-case region', { regions: [{ name: 'EastUS' }] }, 'regions.0.name'],
    ['an unknown key', { regions: [{ name: 'eastus' }], storage: {} }, ''],
    [
      'R3 on one server',
      { regions: [{ name: 'eastus' }], nats: { mode: 'cluster', jetstreamReplicas: 3 } },
      'nats.jetstreamReplicas',
    ],
    [
      'R2',
      {
        regions: [{ name: 'eastus' }],
        nats: { mode: 'cluster', serversPerCluster: 3, jetstreamReplicas: 2 },
      },
      'nats.jetstreamReplicas',
    ],
    [
      'several servers in single mode',
      { regions: [{ name: 'eastus' }], nats: { serversPerCluster: 3 } },
      'nats.serversPerCluster',
    ],
    [
      'latency to an unknown region',
      { regions: [{ name: 'eastus' }], interRegionLatencyMs: { 'eastus->mars': 5 } },
      'interRegionLatencyMs.eastus->mars',
    ],
    [
      'latency of a region to itself',
      { regions: [{ name: 'eastus' }], interRegionLatencyMs: [{ regions: ['eastus', 'eastus'], ms: 1 }] },
      'interRegionLatencyMs.0.regions',
    ],
  ])('rejects %s', (_label, data, path) => {
    expect(paths(data)).toContain(path);
  });

  it('accepts an R3 cluster of three servers per region in supercluster mode', () => {
    const topology = topologySchema.parse({
      regions: [{ name: 'eastus' }, { name: 'westeurope' }],
      nats: { mode: 'supercluster', serversPerCluster: 3, jetstreamReplicas: 3 },
    });
    expect(topology.nats).toEqual({ mode: 'supercluster', serversPerCluster: 3, jetstreamReplicas: 3 });
  });
});
