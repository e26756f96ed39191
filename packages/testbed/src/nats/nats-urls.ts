import type { NatsServerPlan } from './nats-server-plan.js';

/** Client URLs of the servers of one cluster, or of every server when `cluster` is omitted. */
export function natsUrls(plan: NatsServerPlan, cluster?: string): string[] {
  return plan.servers
    .filter((s) => cluster === undefined || s.cluster === cluster)
    .map((s) => `nats://127.0.0.1:${s.clientPort}`);
}
