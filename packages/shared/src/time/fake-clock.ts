import type { Clock } from './clock.js';
import { TimerQueue } from './timer-queue.js';

/** A clock for unit tests: time moves only when the test says so, and timers fire synchronously then. */
export class FakeClock implements Clock {
  #now: number;
  #revision = 0;
  readonly #timers = new TimerQueue(() => this.#now, { useRealTimer: false });

  constructor(start: number | Date = Date.UTC(2026, 0, 1)) {
    this.#now = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  revision(): number {
    return this.#revision;
  }

  knownRevision(): number {
    return this.#revision;
  }

  observeRevision(): void {}

  async waitForRevision(revision: number): Promise<boolean> {
    return this.#revision >= revision;
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError(`FakeClock.advance: ms must be >= 0, got ${ms}`);
    this.#now += ms;
    this.#revision += 1;
    this.#timers.check();
  }

  setTimer(at: number, fn: () => void): () => void {
    return this.#timers.schedule(at, fn);
  }
}
