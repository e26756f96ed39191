import { setTimeout as delay } from 'node:timers/promises';
import { createInbox, Empty, type NatsConnection } from 'nats';

export interface WaitForSrvPingOptions {
  serviceName: string;
  instance: string;
  timeoutMs: number;
  now?: () => number;
  pollIntervalMs?: number;
  /** Lets the caller give up early, e.g. when the process exited; returns the reason. */
  shouldAbort?: () => string | undefined;
  description?: string;
}

/** Publishes `$SRV.PING.<serviceName>` until a reply carries `metadata.instance === instance` (ADR-32). */
export async function waitForSrvPing(nc: NatsConnection, options: WaitForSrvPingOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  const description = options.description ?? `${options.serviceName} instance ${options.instance}`;
  // Every replica of the service answers the same PING; only the instance being waited for counts.
  const inbox = createInbox();
  let answered = false;
  let wake: () => void = () => {};
  const sub = nc.subscribe(inbox, {
    callback: (error, msg) => {
      if (error || !isFromInstance(msg.data, options.instance)) return;
      answered = true;
      wake();
    },
  });
  try {
    for (;;) {
      const aborted = options.shouldAbort?.();
      if (aborted) throw new Error(`${description} is not ready: ${aborted}`);
      const replied = new Promise<void>((resolve) => {
        wake = resolve;
      });
      if (!nc.isClosed()) nc.publish(`$SRV.PING.${options.serviceName}`, Empty, { reply: inbox });
      await Promise.race([replied, delay(options.pollIntervalMs ?? 100)]);
      if (answered) return;
      if (now() >= deadline) {
        throw new Error(
          `${description} did not answer $SRV.PING.${options.serviceName} within ${options.timeoutMs} ms`,
        );
      }
    }
  } finally {
    sub.unsubscribe();
  }
}

function isFromInstance(data: Uint8Array, instance: string): boolean {
  try {
    const reply: unknown = JSON.parse(new TextDecoder().decode(data));
    const metadata = (reply as { metadata?: { instance?: unknown } } | null)?.metadata;
    return metadata?.instance === instance;
  } catch {
    return false;
  }
}
