import { defineContract } from '../rpc/contract.js';
import { commonOperations } from './common.js';

/** Azure Storage nodes of one region. Domain operations arrive with the storage issue. */
export const storageContract = defineContract({
  service: 'storage',
  scope: 'region',
  version: '0.1.0',
  operations: {
    ...commonOperations,
  },
});
