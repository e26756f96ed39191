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
