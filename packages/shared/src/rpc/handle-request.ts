import type { ServiceMsg } from 'nats';
import { headers as natsHeaders } from 'nats';
import type { FaultEngine } from '../faults/fault-engine.js';
import type { Clock } from '../time/clock.js';
import { AzureError, type AzureErrorBody } from '../wire/azure-error.js';
import { decodeBody, encodeBody } from '../wire/codec.js';
import { clip, invalidInputError } from '../wire/invalid-input.js';
import { deadlineExceededError, internalError } from '../wire/transport-errors.js';
import { readCallContext } from './call-context.js';
import type { OperationSpec } from './contract.js';
import { delay } from './delay.js';
import type { Handler } from './handler.js';
import { clockRevisionHeader } from './reply-headers.js';
import { RequestContext, type ServingPoint } from './request-context.js';

export interface RequestPipeline {
  service: string;
  point: ServingPoint;
  handlers: Record<string, Handler<unknown, unknown, unknown>>;
  state: unknown;
  faults: FaultEngine | undefined;
  defaultTimeoutMs: number;
}

/**
 * One request, start to finish: deadline check, decode, validate against the contract, server-side faults,
 * catch up with the caller's clock revision, handle, validate the reply, respond. Every failure becomes an
 * Azure-shaped error reply; anything that is not an AzureError is logged as a bug and answered 500.
 */
export async function handleRequest(
  p: RequestPipeline,
  operation: string,
  spec: OperationSpec,
  msg: ServiceMsg,
) {
  const call = readCallContext(msg.headers, p.defaultTimeoutMs, Date.now());
  const ctx = new RequestContext(call, operation, p.point);
  const { clock } = p.point;
  try {
    const lateByMs = Date.now() - call.deadline;
    if (lateByMs > 0) throw deadlineExceededError(msg.subject, lateByMs);
    const request = parseRequest(operation, spec, msg.data);
    if (p.faults) {
      const effect = p.faults.evaluate({
        at: 'server',
        service: p.service,
        scope: p.point.scope,
        operation,
        instance: p.point.instance,
        callerService: call.caller.service,
        callerInstance: call.caller.instance,
        callerRegion: call.caller.region,
        request,
      });
      if (effect.delayMs > 0) await delay(effect.delayMs);
      const terminal = effect.terminal;
      if (terminal?.kind === 'error') throw new AzureError(terminal.error);
      // unavailable, drop, and a field-filtered down: the request is swallowed and the caller times out.
      if (terminal) return;
    }
    if (call.clockRevision > clock.revision()) {
      await clock.waitForRevision(call.clockRevision, Math.max(0, call.deadline - Date.now()));
    }
    const result = p.handlers[operation]!(request, p.state, ctx);
    // Most handlers are synchronous; awaiting a plain value would still cost a microtask turn.
    const reply = result instanceof Promise ? await result : result;
    const checked = spec.reply.safeParse(reply);
    if (!checked.success) {
      ctx.log.error({ issues: checked.error.issues }, 'BUG: handler reply does not match the contract');
      throw internalError(call.requestId);
    }
    const encoded = encodeBody(checked.data);
    if (encoded.length > maxReplyBytes) {
      ctx.log.error({ bytes: encoded.length }, 'BUG: a reply larger than the bus allows');
      throw internalError(call.requestId);
    }
    msg.respond(encoded, replyOptions(clock));
  } catch (error) {
    const azure = AzureError.is(error) ? error : undefined;
    if (!azure) ctx.log.error({ err: error }, 'BUG: handler threw a non-Azure error');
    respondWithError(msg, (azure ?? internalError(call.requestId)).toBody(), clock, ctx);
  }
}

/** Replies must fit the bus's default max_payload (1 MiB) with room for headers. */
const maxReplyBytes = 1024 * 1024 - 8 * 1024;

/**
 * Sends an error reply that always fits the bus: an error whose message or details grew too large (it may
 * quote what the caller sent) is cut down, and a failure to send is logged, never thrown: a hostile request
 * must not bring the process down.
 */
function respondWithError(msg: ServiceMsg, body: AzureErrorBody, clock: Clock, ctx: RequestContext): void {
  let encoded = encodeBody(body);
  if (encoded.length > maxErrorBytes) {
    const { details: _details, cause: _cause, ...rest } = body;
    encoded = encodeBody({ ...rest, message: clip(body.message, 4096) });
  }
  try {
    msg.respondError(body.status, body.code, encoded, replyOptions(clock));
  } catch (error) {
    ctx.log.error({ err: error, status: body.status, code: body.code }, 'could not send an error reply');
  }
}

const maxErrorBytes = 64 * 1024;

function parseRequest(operation: string, spec: OperationSpec, data: Uint8Array): unknown {
  let body: unknown;
  try {
    body = decodeBody(data);
  } catch (error) {
    throw new AzureError({
      status: 400,
      code: 'InvalidInput',
      message: `Invalid request for ${operation}: the body is not valid msgpack (${(error as Error).message})`,
    });
  }
  const parsed = spec.request.safeParse(body ?? {});
  if (!parsed.success) throw invalidInputError(operation, parsed.error);
  return parsed.data;
}

function replyOptions(clock: Clock): { headers: ReturnType<typeof natsHeaders> } | undefined {
  const revision = clock.knownRevision();
  if (revision === 0) return undefined;
  const h = natsHeaders();
  h.set(clockRevisionHeader, String(revision));
  return { headers: h };
}
