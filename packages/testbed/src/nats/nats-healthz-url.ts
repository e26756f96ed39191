import type { NatsServerSpec } from './nats-server-plan.js';

/** The monitoring endpoint that answers ok once the server and its JetStream are ready. */
export function natsHealthzUrl(server: Pick<NatsServerSpec, 'httpPort'>): string {
  return `http://127.0.0.1:${server.httpPort}/healthz`;
}
