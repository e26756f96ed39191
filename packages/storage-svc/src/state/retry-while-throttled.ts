import { AzureError, type Clock } from '@cmk-testbed/shared';

export interface ThrottleRetryOptions {
  /** The testbed clock: Retry-After and the backoff elapse on it. */
  clock: Clock;
  /** Real epoch ms: no attempt starts after it (the dependency deadline of the request, less a margin). */
  lastChanceAt: number;
}

/**
 * Runs a vault call, retrying while the vault answers 429, then rethrows its last 429.
 *
 * Retry-After: Azure sends real seconds. The testbed vault computes it from its throttling window, which runs
 * on the testbed clock, so the node reads it as testbed seconds and waits on the testbed clock (at least the
 * exponential backoff, 100 ms, 200 ms, …). Testbed time runs at real speed, so nothing changes in a live run;
 * `clock.advance` releases a waiting retry at once, as it clears the vault's window at once.
 *
 * The request's deadline is real time. When the wait would reach past it, the node waits until `lastChanceAt`
 * and tries once more: a 429 costs the vault nothing (Azure does not count throttled calls), and a sliding
 * window may clear sooner than Retry-After says. Only then does the caller see the 429 (503 ServerBusy).
 */
export async function retryWhileThrottled<T>(
  call: () => Promise<T>,
  options: ThrottleRetryOptions,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const realLeftMs = options.lastChanceAt - Date.now();
      if (!isThrottled(error) || realLeftMs <= 0) throw error;
      const waitMs = Math.max(100 * 2 ** attempt, retryAfterMs(error));
      await waitOnClock(options.clock, options.clock.now() + waitMs, realLeftMs);
    }
  }
}

function isThrottled(error: unknown): error is AzureError {
  return AzureError.is(error) && error.status === 429;
}

function retryAfterMs(error: AzureError): number {
  const seconds = Number(error.details?.retryAfterSeconds);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

/** Until testbed time reaches `at`, or `realTimeoutMs` of real time pass, whichever comes first. */
function waitOnClock(clock: Clock, at: number, realTimeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    let cancelTimer: (() => void) | undefined;
    let timeout: NodeJS.Timeout | undefined;
    // A timer for a time already reached may fire inside setTimer, before either handle exists.
    const done = () => {
      cancelTimer?.();
      clearTimeout(timeout);
      resolve();
    };
    timeout = setTimeout(done, realTimeoutMs);
    cancelTimer = clock.setTimer(at, done);
  });
}
