import type { Contract } from '../rpc/contract.js';
import type { HandlerTable } from '../rpc/handler.js';
import { type ServedService, serve } from '../rpc/serve.js';
import { scopeFor } from '../rpc/subjects.js';
import type { Runtime } from './runtime.js';

/** Serves a contract from a service process: scope, identity, clock, logs and faults come from the runtime. */
export function serveOn<C extends Contract, S>(
  runtime: Runtime,
  contract: C,
  handlers: HandlerTable<C, S>,
  state: S,
): Promise<ServedService> {
  return serve({
    nc: runtime.nc,
    contract,
    scope: scopeFor(contract, runtime.env.CMK_REGION),
    instance: runtime.env.CMK_INSTANCE,
    region: runtime.env.CMK_REGION,
    handlers,
    state,
    clock: runtime.clock,
    log: runtime.log,
    faults: runtime.faults,
    defaultTimeoutMs: runtime.env.CMK_DEFAULT_TIMEOUT_MS,
  });
}

/**
 * Serves a contract whose state holds resources of its own (key pools, timers, a store's mirror). `prepare`
 * runs first; `release` runs when the service stops, and also when starting fails, so a start that is retried
 * leaves nothing running behind it.
 */
export async function serveReleasing<C extends Contract, S>(
  runtime: Runtime,
  contract: C,
  handlers: HandlerTable<C, S>,
  state: S,
  release: () => Promise<void> | void,
  prepare?: () => Promise<void>,
): Promise<ServedService> {
  let served: ServedService;
  try {
    await prepare?.();
    served = await serveOn(runtime, contract, handlers, state);
  } catch (error) {
    await release();
    throw error;
  }
  return {
    get up() {
      return served.up;
    },
    async stop() {
      await served.stop();
      await release();
    },
  };
}
