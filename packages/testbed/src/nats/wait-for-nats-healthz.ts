import { setTimeout as delay } from 'node:timers/promises';

export interface WaitForNatsHealthzOptions {
  url: string;
  timeoutMs: number;
  /** Time source, injectable for tests of the timeout. */
  now?: () => number;
  pollIntervalMs?: number;
  /** Lets the caller give up early, e.g. when the server process exited. */
  shouldAbort?: () => string | undefined;
  /** Names what is being waited for in the timeout error. */
  description?: string;
}

/** Polls a nats-server /healthz until it answers ok, i.e. the server and JetStream are ready. */
export async function waitForNatsHealthz(options: WaitForNatsHealthzOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    const aborted = options.shouldAbort?.();
    if (aborted) throw new Error(`${options.description ?? options.url} is not ready: ${aborted}`);
    last = await probe(options.url);
    if (last === 'ok') return;
    if (now() >= deadline) {
      throw new Error(
        `${options.description ?? options.url} not healthy after ${options.timeoutMs} ms (last answer: ${last})`,
      );
    }
    await delay(options.pollIntervalMs ?? 100);
  }
}

async function probe(url: string): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    const text = await response.text();
    return response.ok ? 'ok' : `${response.status} ${text.trim()}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
