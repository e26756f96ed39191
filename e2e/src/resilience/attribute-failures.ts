/** One SIGKILL of a process: when it was killed and when its restart was ready (real time, epoch ms). */
export interface Outage {
  target: string;
  killAt: number;
  restartedAt: number;
}

/** Anything that failed: when its request was sent and when it failed. */
export interface TimedFailure {
  startedAt: number;
  at: number;
}

export interface OutageWindow<F extends TimedFailure> {
  outage: Outage;
  errors: F[];
  /** First error to last error of this outage; 0 when it caused none. */
  windowMs: number;
}

/**
 * Gives each failure to the outage it overlapped: sent before the killed process was back, and failed after
 * the kill. A failure that overlapped none (sent after the restart was ready, or failed before any kill) is
 * stray: the system failed while nothing was down.
 */
export function attributeFailures<F extends TimedFailure>(
  outages: readonly Outage[],
  failures: readonly F[],
): { windows: OutageWindow<F>[]; stray: F[] } {
  const windows = outages.map((outage) => ({ outage, errors: [] as F[], windowMs: 0 }));
  const stray: F[] = [];
  for (const failure of failures) {
    const window = windows.find(
      ({ outage }) => failure.startedAt <= outage.restartedAt && failure.at >= outage.killAt,
    );
    if (window) window.errors.push(failure);
    else stray.push(failure);
  }
  for (const window of windows) {
    if (window.errors.length === 0) continue;
    const times = window.errors.map((e) => e.at);
    window.windowMs = Math.max(...times) - Math.min(...times);
  }
  return { windows, stray };
}
