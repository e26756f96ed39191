export { chaosContract } from './chaos.js';
export { clockContract, durationSchema } from './clock.js';
export { commonOperations } from './common.js';
export { entraContract } from './entra.js';
export { keyvaultContract } from './keyvault.js';
export { storageContract } from './storage.js';
export {
  type ProcessInfo,
  processInfoSchema,
  processKindSchema,
  processStateSchema,
  testbedContract,
} from './testbed.js';
