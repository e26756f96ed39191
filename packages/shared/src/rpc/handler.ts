import type { Logger } from 'pino';
import type { z } from 'zod';
import type { commonOperations } from '../contracts/common.js';
import type { Clock } from '../time/clock.js';
import type { Caller, NetworkOrigin } from './call-context.js';
import type { Contract, OperationName, ParsedRequestOf } from './contract.js';

/** What a handler knows about the request beyond its body. */
export interface HandlerContext {
  requestId: string;
  operation: string;
  /** Absolute deadline, epoch ms of real time. Pass it on to nested calls so they give up together. */
  deadline: number;
  caller: Caller;
  origin: NetworkOrigin;
  /** This process: its instance name, region and the scope it serves. */
  instance: string;
  region: string;
  scope: string;
  clock: Clock;
  log: Logger;
}

export type Handler<Req, Rep, S> = (request: Req, state: S, ctx: HandlerContext) => Rep | Promise<Rep>;

type CommonOperation = keyof typeof commonOperations;

/**
 * One plain function per operation of the contract. Checked with `satisfies HandlerTable<...>` in each
 * service's `service.ts`, so a missing operation fails to compile. The common operations (`health`) are
 * served by the rpc layer itself.
 */
export type HandlerTable<C extends Contract, S> = {
  [K in Exclude<OperationName<C>, CommonOperation>]: Handler<
    ParsedRequestOf<C, K>,
    z.input<C['operations'][K]['reply']>,
    S
  >;
};
