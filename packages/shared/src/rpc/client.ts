import type { Msg, NatsConnection } from 'nats';
import type { FaultEngine } from '../faults/fault-engine.js';
import type { Clock } from '../time/clock.js';
import { AzureError, type AzureErrorBody } from '../wire/azure-error.js';
import { decodeBody, encodeBody } from '../wire/codec.js';
import { deadlineExceededError, serviceDownError, timedOutError } from '../wire/transport-errors.js';
import {
  type CallContext,
  type Caller,
  type NetworkOrigin,
  newRequestId,
  publicOrigin,
  writeCallContext,
} from './call-context.js';
import type { Contract, OperationName, ReplyOf, RequestOf } from './contract.js';
import { delay } from './delay.js';
import { clockRevisionHeader, serviceErrorCodeHeader } from './reply-headers.js';
import { RequestMux } from './request-mux.js';
import { operationSubject, scopeFor } from './subjects.js';

export interface ClientOptions {
  /** The calling process, sent with every request. */
  caller: Caller;
  /** The region to call for regional contracts (overridable per call with `scope`). */
  region?: string | undefined;
  origin?: NetworkOrigin | undefined;
  /** Default time to wait for a reply, ms. */
  timeoutMs?: number | undefined;
  /** The caller's testbed clock: its revision travels with requests, replies advance it. */
  clock?: Clock | undefined;
  /** Client-side fault rules (the caller's view of the network: partitions, lossy links). */
  faults?: FaultEngine | undefined;
}

export interface CallOptions {
  timeoutMs?: number | undefined;
  /** Absolute deadline (epoch ms, real time), e.g. the handler's own to give up together with its caller. */
  deadline?: number | undefined;
  requestId?: string | undefined;
  origin?: NetworkOrigin | undefined;
  /** Call another region's instances of a regional service. */
  scope?: string | undefined;
}

export type ContractClient<C extends Contract> = {
  [K in OperationName<C>]: (request: RequestOf<C, K>, options?: CallOptions) => Promise<ReplyOf<C, K>>;
} & {
  /** Untyped call by operation name, for the scenario runner and fuzzers. The server still validates. */
  call(operation: string, request: unknown, options?: CallOptions): Promise<unknown>;
};

/**
 * A typed client for a contract: one async method per operation. Errors arrive as `AzureError`, with
 * "down" (no responders, 503 ServiceUnavailable) and "hung" (504 OperationTimedOut) kept apart.
 */
export function client<C extends Contract>(
  nc: NatsConnection,
  contract: C,
  options: ClientOptions,
): ContractClient<C> {
  const defaultTimeoutMs = options.timeoutMs ?? 5000;
  const mux = RequestMux.for(nc);
  const defaultScope = contract.scope === 'global' ? scopeFor(contract, undefined) : options.region;

  // Subjects are derived once per scope and operation, not on every call.
  const subjects = new Map<string, string>();
  const subjectOf = (scope: string, operation: string): string => {
    const key = `${scope}\u0000${operation}`;
    let subject = subjects.get(key);
    if (!subject) {
      subject = operationSubject(contract, scope, operation);
      subjects.set(key, subject);
    }
    return subject;
  };

  async function call(operation: string, request: unknown, callOptions: CallOptions = {}): Promise<unknown> {
    if (!Object.hasOwn(contract.operations, operation)) {
      throw new AzureError({
        status: 400,
        code: 'UnknownOperation',
        message: `${contract.service} has no operation '${operation}'. Known: ${Object.keys(contract.operations).join(', ')}`,
      });
    }
    const scope = callOptions.scope ?? defaultScope;
    if (!scope) throw new Error(`client(${contract.service}): a region is needed to call a regional service`);
    const subject = subjectOf(scope, operation);
    const now = Date.now();
    const deadline = Math.min(
      callOptions.deadline ?? Number.POSITIVE_INFINITY,
      now + (callOptions.timeoutMs ?? defaultTimeoutMs),
    );
    const timeoutMs = deadline - now;
    if (timeoutMs <= 0) throw deadlineExceededError(subject, -timeoutMs);
    const ctx: CallContext = {
      requestId: callOptions.requestId ?? newRequestId(),
      deadline,
      caller: options.caller,
      origin: callOptions.origin ?? options.origin ?? publicOrigin,
      clockRevision: options.clock?.knownRevision() ?? 0,
    };
    if (options.faults) {
      const effect = options.faults.evaluate({
        at: 'client',
        service: contract.service,
        scope,
        operation,
        callerService: ctx.caller.service,
        callerInstance: ctx.caller.instance,
        callerRegion: ctx.caller.region,
        request,
      });
      if (effect.delayMs > 0) await delay(Math.min(effect.delayMs, timeoutMs));
      const terminal = effect.terminal;
      if (terminal?.kind === 'error') throw new AzureError(terminal.error);
      if (terminal?.kind === 'down') throw serviceDownError(subject);
      if (terminal) {
        // unavailable / drop: the request never reaches anyone, so the caller waits out its deadline.
        await delay(Math.max(0, deadline - Date.now()));
        throw timedOutError(subject, timeoutMs);
      }
    }
    const outcome = await mux.request(
      subject,
      encodeBody(request),
      writeCallContext(ctx),
      Math.max(1, deadline - Date.now()),
    );
    if (outcome.kind === 'no-responders') throw serviceDownError(subject);
    if (outcome.kind === 'timeout') throw timedOutError(subject, timeoutMs);
    if (outcome.kind === 'refused') {
      throw new AzureError({
        status: 413,
        code: 'RequestBodyTooLarge',
        message: `The request to ${subject} is ${outcome.size} bytes; the bus carries at most ${outcome.max} bytes per message (${outcome.reason}). Send large content in parts (putBlock, putRange, appendBlock).`,
      });
    }
    return readReply(outcome.msg, options.clock);
  }

  const typed: Record<string, unknown> = { call };
  for (const operation of Object.keys(contract.operations)) {
    typed[operation] = (request: unknown, callOptions?: CallOptions) => call(operation, request, callOptions);
  }
  return typed as ContractClient<C>;
}

function readReply(reply: Msg, clock: Clock | undefined): unknown {
  const h = reply.headers;
  if (h && clock) {
    const revision = Number(h.get(clockRevisionHeader));
    if (revision > 0) clock.observeRevision(revision);
  }
  const errorCode = h?.get(serviceErrorCodeHeader);
  if (errorCode) {
    const body = safeDecode(reply.data) as Partial<AzureErrorBody> | undefined;
    throw new AzureError({
      status: Number(body?.status ?? errorCode) || 500,
      code: body?.code ?? h?.get('Nats-Service-Error') ?? 'InternalError',
      innerCode: body?.innerCode,
      message: body?.message ?? h?.get('Nats-Service-Error') ?? 'Unknown error',
      cause: body?.cause,
      details: body?.details,
    });
  }
  return decodeBody(reply.data);
}

function safeDecode(data: Uint8Array): unknown {
  try {
    return decodeBody(data);
  } catch {
    return undefined;
  }
}
