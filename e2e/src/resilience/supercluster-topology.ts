/**
 * Two regions, each its own NATS cluster of three servers joined by gateways, every JetStream bucket
 * replicated three times: the smallest layout that survives losing a nats-server. One storage node per
 * region keeps it within two cores.
 */
export const superclusterTopologyYaml = `regions:
  - name: eastus
    storageNodes: 1
  - name: westeurope
    storageNodes: 1
nats:
  mode: supercluster
  serversPerCluster: 3
  jetstreamReplicas: 3
`;
