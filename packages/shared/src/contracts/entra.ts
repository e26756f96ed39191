import { defineContract } from '../rpc/contract.js';
import { commonOperations } from './common.js';

/** Microsoft Entra ID: tenants, managed identities, app registrations, tokens. Domain operations arrive with the entra issue. */
export const entraContract = defineContract({
  service: 'entra',
  scope: 'global',
  version: '0.1.0',
  operations: {
    ...commonOperations,
  },
});
