import type { ContractClient, entraContract, keyvaultContract } from '@cmk-testbed/shared';
import type { KeyAccess } from './key-access.js';
import type { StorageStore } from './storage-store.js';

/** What every storage handler works with. */
export interface StorageState {
  store: StorageStore;
  keys: KeyAccess;
  entra: ContractClient<typeof entraContract>;
  keyvault: ContractClient<typeof keyvaultContract>;
  platformKey: Buffer;
  profile: 'current' | 'legacy-2020';
}
