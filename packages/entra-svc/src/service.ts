import {
  entraContract,
  type HandlerTable,
  type Runtime,
  type ServedService,
  serveOn,
} from '@cmk-testbed/shared';

/** Tenants, identities and signing keys live here once the entra domain lands; for now only the common ops. */
export type EntraState = Record<string, never>;

export const entraHandlers = {} satisfies HandlerTable<typeof entraContract, EntraState>;

export async function startEntraService(runtime: Runtime): Promise<ServedService[]> {
  return [await serveOn(runtime, entraContract, entraHandlers, {})];
}
