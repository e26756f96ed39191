import {
  type HandlerTable,
  keyvaultContract,
  type Runtime,
  type ServedService,
  serveOn,
} from '@cmk-testbed/shared';

/** The region's vaults live here once the keyvault domain lands; for now only the common ops. */
export type KeyvaultState = Record<string, never>;

export const keyvaultHandlers = {} satisfies HandlerTable<typeof keyvaultContract, KeyvaultState>;

export async function startKeyvaultService(runtime: Runtime): Promise<ServedService[]> {
  return [await serveOn(runtime, keyvaultContract, keyvaultHandlers, {})];
}
