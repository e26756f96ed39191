import type { NatsConnection, Service, ServiceMsg } from 'nats';
import { headers as natsHeaders } from 'nats';
import type { Logger } from 'pino';
import type { FaultEngine } from '../faults/fault-engine.js';
import type { Clock } from '../time/clock.js';
import { AzureError } from '../wire/azure-error.js';
import { decodeBody, encodeBody } from '../wire/codec.js';
import { invalidInputError } from '../wire/invalid-input.js';
import { deadlineExceededError, internalError } from '../wire/transport-errors.js';
import { readCallContext } from './call-context.js';
import { commonHandlers } from './common-handlers.js';
import type { Contract, OperationSpec } from './contract.js';
import { delay } from './delay.js';
import type { Handler, HandlerContext, HandlerTable } from './handler.js';
import { clockRevisionHeader } from './reply-headers.js';
import { operationSubject, queueGroup } from './subjects.js';

export interface ServeOptions<C extends Contract, S> {
  nc: NatsConnection;
  contract: C;
  /** The region for regional contracts, `global` for global ones (see `scopeFor`). */
  scope: string;
  instance: string;
  region: string;
  handlers: HandlerTable<C, S>;
  state: S;
  clock: Clock;
  log: Logger;
  /** The live fault rule table; without it no fault is ever applied. */
  faults?: FaultEngine | undefined;
  /** Deadline for requests that carry none (raw NATS callers), ms. */
  defaultTimeoutMs?: number | undefined;
  version?: string | undefined;
}

/** A service instance on the bus. `up` is false while a `down` fault holds it off the bus. */
export interface ServedService {
  readonly up: boolean;
  stop(): Promise<void>;
}

type AnyHandler = Handler<unknown, unknown, unknown>;

/**
 * Serves a contract on the NATS services API: one endpoint per operation on its derived subject, in the queue
 * group of the service and scope (so replicas share the load and `$SRV.PING/INFO/STATS` discovery works).
 * Every request is decoded, validated against the contract, passed through the fault hook, caught up with
 * the testbed clock, handled, and its reply validated; any failure becomes an Azure-shaped error reply.
 */
export async function serve<C extends Contract, S>(options: ServeOptions<C, S>): Promise<ServedService> {
  const { nc, contract, scope, instance, region, clock, log, faults } = options;
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 5000;
  const startedAt = Date.now();
  const table: Record<string, AnyHandler> = {
    ...(commonHandlers({ contract, version: options.version ?? contract.version, startedAt }) as Record<
      string,
      AnyHandler
    >),
    ...(options.handlers as Record<string, AnyHandler>),
  };

  async function handle(operation: string, spec: OperationSpec, msg: ServiceMsg): Promise<void> {
    const call = readCallContext(msg.headers, defaultTimeoutMs, Date.now());
    // A child logger per request is costly on the hot path; it is made only when something logs.
    let reqLog: Logger | undefined;
    const requestLog = () => {
      reqLog ??= log.child({ requestId: call.requestId, operation, caller: call.caller.instance });
      return reqLog;
    };
    try {
      const lateByMs = Date.now() - call.deadline;
      if (lateByMs > 0) throw deadlineExceededError(msg.subject, lateByMs);
      const request = parseRequest(operation, spec, msg.data);
      if (faults) {
        const effect = faults.evaluate({
          at: 'server',
          service: contract.service,
          scope,
          operation,
          instance,
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
      const ctx: HandlerContext = {
        ...call,
        operation,
        instance,
        region,
        scope,
        clock,
        get log() {
          return requestLog();
        },
      };
      const reply = await table[operation]!(request, options.state, ctx);
      const checked = spec.reply.safeParse(reply);
      if (!checked.success) {
        requestLog().error(
          { issues: checked.error.issues },
          'BUG: handler reply does not match the contract',
        );
        throw internalError(call.requestId);
      }
      msg.respond(encodeBody(checked.data), replyOptions(clock));
    } catch (error) {
      const azure = AzureError.is(error) ? error : undefined;
      if (!azure) requestLog().error({ err: error }, 'BUG: handler threw a non-Azure error');
      const body = (azure ?? internalError(call.requestId)).toBody();
      msg.respondError(body.status, body.code, encodeBody(body), replyOptions(clock));
    }
  }

  let service: Service | undefined;
  let stopped = false;

  async function goUp(): Promise<void> {
    const svc = await nc.services.add({
      name: contract.serviceName,
      version: options.version ?? contract.version,
      description: `cmk-testbed ${contract.service} (${scope})`,
      queue: queueGroup(contract, scope),
      metadata: { instance, region, scope, service: contract.service },
    });
    for (const [operation, spec] of Object.entries(contract.operations)) {
      svc.addEndpoint(operation, {
        subject: operationSubject(contract, scope, operation),
        metadata: spec.description ? { description: spec.description } : {},
        handler: (err, msg) => {
          if (err) {
            log.error({ err, operation }, 'endpoint subscription failed');
            return;
          }
          void handle(operation, spec, msg);
        },
      });
    }
    service = svc;
  }

  // A server-side `down` rule takes this instance off the bus for real, so callers see NATS's own
  // "no responders" and `$SRV.PING` stops answering, exactly like a crashed process.
  let transition = Promise.resolve();
  const reconcile = (): void => {
    transition = transition.then(async () => {
      if (stopped) return;
      const down = faults?.isInstanceDown({ service: contract.service, scope, instance }) ?? false;
      if (down && service) {
        log.warn('down fault active: leaving the bus');
        const svc = service;
        service = undefined;
        await svc.stop();
      } else if (!down && !service) {
        log.info('down fault cleared: serving again');
        await goUp();
      }
    });
  };

  if (!faults?.isInstanceDown({ service: contract.service, scope, instance })) await goUp();
  const unsubscribe = faults?.onChange(reconcile);

  return {
    get up() {
      return service !== undefined;
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      await transition;
      await service?.stop();
      service = undefined;
    },
  };
}

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
