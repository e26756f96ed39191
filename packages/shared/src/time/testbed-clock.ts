import type { KvEntry, NatsConnection, QueuedIterator } from 'nats';
import type { Clock } from './clock.js';
import { ClockStore, offsetOf } from './clock-store.js';
import { TimerQueue } from './timer-queue.js';

/**
 * The testbed clock as one process sees it: real time + the shared offset (watched live in JetStream) + this
 * process's own skew (the `clock-skew` fault). Timers fire when real time reaches them or the clock jumps
 * past them.
 */
export class TestbedClock implements Clock {
  #offsetMs = 0;
  #revision = 0;
  #known = 0;
  #skewMs: number;
  readonly #realNow: () => number;
  readonly #timers: TimerQueue;
  readonly #waiters = new Set<{ revision: number; resolve: (ok: boolean) => void }>();
  #watcher: QueuedIterator<KvEntry> | undefined;

  private constructor(realNow: () => number, skewMs: number) {
    this.#realNow = realNow;
    this.#skewMs = skewMs;
    this.#timers = new TimerQueue(() => this.now(), { useRealTimer: true });
  }

  /** Opens the clock and resolves once the current offset is applied. */
  static async start(
    nc: NatsConnection,
    options: { skewMs?: number; realNow?: () => number; replicas?: number } = {},
  ): Promise<TestbedClock> {
    const realNow = options.realNow ?? Date.now;
    const clock = new TestbedClock(realNow, options.skewMs ?? 0);
    const store = await ClockStore.open(nc, { realNow, replicas: options.replicas });
    let initialized!: () => void;
    const ready = new Promise<void>((resolve) => {
      initialized = resolve;
    });
    clock.#watcher = await store.kv.watch({ key: 'offset', initializedFn: () => initialized() });
    const watcher = clock.#watcher;
    void (async () => {
      for await (const entry of watcher) clock.#apply(offsetOf(entry), entry.revision);
    })();
    await ready;
    return clock;
  }

  now(): number {
    return this.#realNow() + this.#offsetMs + this.#skewMs;
  }

  revision(): number {
    return this.#revision;
  }

  knownRevision(): number {
    return Math.max(this.#known, this.#revision);
  }

  observeRevision(revision: number): void {
    if (revision > this.#known) this.#known = revision;
  }

  /** Sets this process's own skew (the `clock-skew` fault); 0 removes it. */
  setSkew(skewMs: number): void {
    this.#skewMs = skewMs;
    this.#timers.check();
  }

  waitForRevision(revision: number, timeoutMs: number): Promise<boolean> {
    if (this.#revision >= revision) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        revision,
        resolve: (ok: boolean) => {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          resolve(ok);
        },
      };
      const timer = setTimeout(() => waiter.resolve(false), timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  setTimer(at: number, fn: () => void): () => void {
    return this.#timers.schedule(at, fn);
  }

  stop(): void {
    this.#watcher?.stop();
    this.#timers.dispose();
    for (const waiter of this.#waiters) waiter.resolve(false);
  }

  #apply(offsetMs: number, revision: number): void {
    this.#offsetMs = offsetMs;
    this.#revision = Math.max(this.#revision, revision);
    this.#timers.check();
    for (const waiter of this.#waiters) if (this.#revision >= waiter.revision) waiter.resolve(true);
  }
}
