import { fileURLToPath } from 'node:url';
import { entraContract, keyvaultContract, storageContract } from '@cmk-testbed/shared';
import type { PeerSpec } from '@cmk-testbed/shared/testing';

const mainOf = (pkg: string) => fileURLToPath(new URL(`../../../${pkg}/src/main.ts`, import.meta.url));

export interface ServicePeersOptions {
  /** A keyvault-svc per region (default eastus), with `keyvaultEnv`. */
  vaultRegions?: readonly string[];
  keyvaultEnv?: Record<string, string>;
  /** Storage nodes of eastus to run as processes too (default none), with `storageEnv`. */
  storageNodes?: readonly string[];
  storageEnv?: Record<string, string>;
}

/**
 * The testbed's real programs to run as child processes for a test or a bench, in this order: entra-svc, a
 * keyvault-svc per vault region, then the eastus storage nodes.
 */
export function servicePeers(options: ServicePeersOptions = {}): PeerSpec[] {
  const { vaultRegions = ['eastus'], keyvaultEnv = {}, storageNodes = [], storageEnv = {} } = options;
  return [
    {
      mainTs: mainOf('entra-svc'),
      serviceName: entraContract.serviceName,
      instance: 'entra-1',
      env: { CMK_REGION: 'global' },
    },
    ...vaultRegions.map((region) => ({
      mainTs: mainOf('keyvault-svc'),
      serviceName: keyvaultContract.serviceName,
      instance: `keyvault-${region}-1`,
      env: { CMK_REGION: region, ...keyvaultEnv },
    })),
    ...storageNodes.map((instance) => ({
      mainTs: mainOf('storage-svc'),
      serviceName: storageContract.serviceName,
      instance,
      env: { CMK_REGION: 'eastus', ...storageEnv },
    })),
  ];
}
