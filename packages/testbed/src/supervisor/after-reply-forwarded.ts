import { setTimeout as delay } from 'node:timers/promises';

/**
 * Runs `action` once the reply the calling handler is about to return has left the server: acting on a
 * nats-server (or on the whole testbed) can cut the very connection the reply travels on. The reply is
 * published when the handler returns, before this runs; a flush proves the server has read it, and a short
 * grace lets the server write it on to the caller's connection, route or gateway before it dies. Without
 * this a killed server usually took the reply with it and the caller timed out (an e2e suite saw 4 in 5).
 * The reply shows the state before the action, so a failure is not reported: callers poll `list`.
 */
export function afterReplyForwarded(flush: () => Promise<void>, action: () => Promise<unknown>): void {
  setImmediate(() => {
    void (async () => {
      await flush().catch(() => {});
      await delay(replyForwardGraceMs);
      await action();
    })().catch(() => {});
  });
}

const replyForwardGraceMs = 50;
