import { AzureError, type Handler, type HandlerContext } from '@cmk-testbed/shared';
import type { KeyvaultState } from '../state/keyvault-state.js';

/** The audit record's view of the caller, read from the bearer token without verifying it (for the log only). */
function callerOf(authorization: string | undefined, ip: string) {
  try {
    const payload = JSON.parse(
      Buffer.from(authorization?.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as Record<string, string>;
    return { oid: payload.oid, appid: payload.appid ?? payload.azp, tid: payload.tid, ip };
  } catch {
    return { ip };
  }
}

/**
 * Wraps a data-plane handler so every call, allowed or refused, lands in the vault's audit log with caller,
 * operation, key, result and duration. The reply (or error) waits for the entry's acknowledged write, so a
 * call the caller saw complete is in the log even if the process dies right after.
 */
export function audited<
  Req extends { vault: string; authorization?: string | undefined; name?: string },
  Rep,
>(operation: string, handler: Handler<Req, Rep, KeyvaultState>): Handler<Req, Rep, KeyvaultState> {
  return async (request, state, ctx: HandlerContext) => {
    const started = performance.now();
    const record = (status: number, code?: string, keyId?: string) =>
      state.audit.record({
        time: ctx.clock.now(),
        vault: request.vault,
        operation,
        keyId:
          keyId ??
          (request.name ? `https://${request.vault}.vault.azure.net/keys/${request.name}` : undefined),
        caller: callerOf(request.authorization, ctx.origin.ip),
        status,
        code,
        durationMs: performance.now() - started,
        requestId: ctx.requestId,
      });
    try {
      const reply = await handler(request, state, ctx);
      const kid =
        (reply as { kid?: string; key?: { kid?: string } })?.kid ??
        (reply as { key?: { kid?: string } })?.key?.kid;
      await record(200, undefined, kid);
      return reply;
    } catch (error) {
      if (error instanceof AzureError) await record(error.status, error.innerCode ?? error.code);
      else await record(500, 'InternalError');
      throw error;
    }
  };
}
