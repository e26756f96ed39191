import type { Topology } from './topology-schema.js';

/**
 * Two regions, two storage nodes in eastus and one in westeurope, one vault service per region, one entra,
 * single NATS. Plain data (already in parsed form) so importing it does no work; treat it as read-only.
 */
export const defaultTopology: Topology = {
  regions: [
    { name: 'eastus', egressIp: '10.1.0.1', storageNodes: 2, keyvaultReplicas: 1 },
    { name: 'westeurope', egressIp: '10.1.0.2', storageNodes: 1, keyvaultReplicas: 1 },
  ],
  entraReplicas: 1,
  nats: { mode: 'single', serversPerCluster: 1, jetstreamReplicas: 1 },
  interRegionLatencyMs: [],
};
