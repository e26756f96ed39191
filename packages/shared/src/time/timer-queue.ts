interface Timer {
  at: number;
  fn: () => void;
  cancelled: boolean;
}

const maxRealDelayMs = 2 ** 31 - 1;

/**
 * Timers on a movable clock. A real `setTimeout` covers the plain passing of time; `check()` is called when the
 * clock jumps so timers passed over by the jump fire at once, in order of their due time.
 */
export class TimerQueue {
  readonly #now: () => number;
  readonly #useRealTimer: boolean;
  #timers: Timer[] = [];
  #real: NodeJS.Timeout | undefined;

  constructor(now: () => number, options: { useRealTimer: boolean }) {
    this.#now = now;
    this.#useRealTimer = options.useRealTimer;
  }

  schedule(at: number, fn: () => void): () => void {
    const timer: Timer = { at, fn, cancelled: false };
    const index = this.#timers.findIndex((t) => t.at > at);
    if (index === -1) this.#timers.push(timer);
    else this.#timers.splice(index, 0, timer);
    this.check();
    return () => {
      timer.cancelled = true;
      this.#timers = this.#timers.filter((t) => t !== timer);
      this.#arm();
    };
  }

  get size(): number {
    return this.#timers.length;
  }

  /** Fires every timer that is due now. */
  check(): void {
    const now = this.#now();
    while (this.#timers.length > 0 && this.#timers[0]!.at <= now) {
      const timer = this.#timers.shift()!;
      if (!timer.cancelled) timer.fn();
    }
    this.#arm();
  }

  dispose(): void {
    this.#timers = [];
    if (this.#real) clearTimeout(this.#real);
    this.#real = undefined;
  }

  #arm(): void {
    if (this.#real) clearTimeout(this.#real);
    this.#real = undefined;
    const next = this.#timers[0];
    if (!next || !this.#useRealTimer) return;
    const delay = Math.min(Math.max(0, next.at - this.#now()), maxRealDelayMs);
    this.#real = setTimeout(() => this.check(), delay);
    // A pending testbed timer must never keep a process alive that is otherwise done.
    this.#real.unref();
  }
}
