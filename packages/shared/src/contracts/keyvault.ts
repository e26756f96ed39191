import { defineContract } from '../rpc/contract.js';
import { commonOperations } from './common.js';

/** Azure Key Vault of one region: vaults, keys, wrap/unwrap. Domain operations arrive with the keyvault issue. */
export const keyvaultContract = defineContract({
  service: 'keyvault',
  scope: 'region',
  version: '0.1.0',
  operations: {
    ...commonOperations,
  },
});
