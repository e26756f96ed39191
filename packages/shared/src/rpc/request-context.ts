import type { Logger } from 'pino';
import type { Clock } from '../time/clock.js';
import type { CallContext, Caller, NetworkOrigin } from './call-context.js';
import type { HandlerContext } from './handler.js';

/** Where a request is served: fixed per served contract. */
export interface ServingPoint {
  instance: string;
  region: string;
  scope: string;
  clock: Clock;
  log: Logger;
}

/**
 * The context a handler gets. A class rather than an object literal so nothing is allocated per request
 * beyond the object itself; the request's child logger is made only if something logs.
 */
export class RequestContext implements HandlerContext {
  readonly requestId: string;
  readonly deadline: number;
  readonly caller: Caller;
  readonly origin: NetworkOrigin;
  readonly operation: string;
  readonly #point: ServingPoint;
  #log: Logger | undefined;

  constructor(call: CallContext, operation: string, point: ServingPoint) {
    this.requestId = call.requestId;
    this.deadline = call.deadline;
    this.caller = call.caller;
    this.origin = call.origin;
    this.operation = operation;
    this.#point = point;
  }

  get instance(): string {
    return this.#point.instance;
  }

  get region(): string {
    return this.#point.region;
  }

  get scope(): string {
    return this.#point.scope;
  }

  get clock(): Clock {
    return this.#point.clock;
  }

  get log(): Logger {
    this.#log ??= this.#point.log.child({
      requestId: this.requestId,
      operation: this.operation,
      caller: this.caller.instance,
    });
    return this.#log;
  }
}
