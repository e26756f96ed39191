import { connect, type NatsConnection } from 'nats';
import type { ServiceEnv } from '../config/service-env.js';
import { FaultEngine } from '../faults/fault-engine.js';
import { FaultRuleTable } from '../faults/fault-rule-table.js';
import { createLogger, type Logger } from '../log/logger.js';
import type { Caller, NetworkOrigin } from '../rpc/call-context.js';
import { TestbedClock } from '../time/testbed-clock.js';

/** What every service process has once it is on the bus. */
export interface Runtime<E extends ServiceEnv = ServiceEnv> {
  env: E;
  nc: NatsConnection;
  log: Logger;
  clock: TestbedClock;
  faults: FaultEngine;
  caller: Caller;
  origin: NetworkOrigin;
  /** Stops watching clock and faults and drains the connection (in-flight requests finish). */
  close(): Promise<void>;
}

/**
 * Connects a service process: NATS (reconnecting forever, since a nats-server restart must not kill
 * services), the testbed clock and the live fault table, both loaded before anything is served.
 */
export async function startRuntime<E extends ServiceEnv>(service: string, env: E): Promise<Runtime<E>> {
  const log = createLogger({ service, instance: env.CMK_INSTANCE, level: env.LOG_LEVEL });
  const nc = await connect({
    servers: env.NATS_URL,
    name: env.CMK_INSTANCE,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    // A server still starting (or restarting) is waited for rather than failing the process.
    waitOnFirstConnect: true,
    // An async stack trace per request costs a fifth of the CPU of a small request; errors carry our own
    // context (subject, request id) instead.
    noAsyncTraces: true,
  });
  void (async () => {
    for await (const status of nc.status())
      log.info({ status: status.type, data: status.data }, 'nats status');
  })();
  const replicas = env.CMK_JS_REPLICAS;
  // Named, so this process follows a `clock-skew` fault aimed at its instance.
  const clock = await TestbedClock.start(nc, { replicas, instance: env.CMK_INSTANCE });
  const faults = new FaultEngine({ realNow: Date.now, testbedNow: () => clock.now() });
  const feed = await (await FaultRuleTable.open(nc, { replicas })).feed(faults, (key, error) =>
    log.error({ key, err: error }, 'ignoring an invalid fault rule'),
  );
  return {
    env,
    nc,
    log,
    clock,
    faults,
    caller: { service, instance: env.CMK_INSTANCE, region: env.CMK_REGION },
    origin: { ip: env.CMK_EGRESS_IP, trustedService: true },
    async close() {
      feed.stop();
      clock.stop();
      await nc.drain();
    },
  };
}
