import { defineContract } from '../rpc/contract.js';
import { commonOperations } from './common.js';

/** The chaos controller: fault rules and scenarios. Domain operations arrive with the chaos issue. */
export const chaosContract = defineContract({
  service: 'chaos',
  scope: 'global',
  version: '0.1.0',
  operations: {
    ...commonOperations,
  },
});
