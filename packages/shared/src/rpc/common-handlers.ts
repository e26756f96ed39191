import type { Contract } from './contract.js';
import type { Handler } from './handler.js';

/** The handlers of `commonOperations`, served for every contract by `serve()`. */
export function commonHandlers(options: { contract: Contract; version: string; startedAt: number }): {
  health: Handler<unknown, unknown, unknown>;
} {
  return {
    health: (_request, _state, ctx) => ({
      status: 'ok',
      service: options.contract.service,
      instance: ctx.instance,
      region: ctx.region,
      version: options.version,
      pid: process.pid,
      uptimeMs: Date.now() - options.startedAt,
      clockNow: ctx.clock.now(),
      clockRevision: ctx.clock.revision(),
    }),
  };
}
