import {
  type HandlerTable,
  type Runtime,
  type ServedService,
  serveOn,
  storageContract,
} from '@cmk-testbed/shared';

/** The region's storage accounts live here once the storage domain lands; for now only the common ops. */
export type StorageState = Record<string, never>;

export const storageHandlers = {} satisfies HandlerTable<typeof storageContract, StorageState>;

export async function startStorageService(runtime: Runtime): Promise<ServedService[]> {
  return [await serveOn(runtime, storageContract, storageHandlers, {})];
}
