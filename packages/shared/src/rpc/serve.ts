import type { NatsConnection, Service } from 'nats';
import type { Logger } from 'pino';
import type { FaultEngine } from '../faults/fault-engine.js';
import type { Clock } from '../time/clock.js';
import { commonHandlers } from './common-handlers.js';
import type { Contract } from './contract.js';
import { handleRequest, type RequestPipeline } from './handle-request.js';
import type { Handler, HandlerTable } from './handler.js';
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

  const pipeline: RequestPipeline = {
    service: contract.service,
    point: { instance, region, scope, clock, log },
    handlers: table,
    state: options.state,
    faults,
    defaultTimeoutMs,
  };

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
          void handleRequest(pipeline, operation, spec, msg);
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
