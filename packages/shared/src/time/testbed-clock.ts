import type { KvEntry, NatsConnection, QueuedIterator } from 'nats';
import type { Clock } from './clock.js';
import { ClockStore, clockSkewKey, offsetOf, skewOf } from './clock-store.js';
import { TimerQueue } from './timer-queue.js';

/**
 * The testbed clock as one process sees it: real time + the shared offset (watched live in JetStream) + this
 * process's own skew (the `clock-skew` fault, watched live under `skew.<instance>` when the process names
 * itself). Timers fire when real time reaches them or the clock jumps past them.
 */
export class TestbedClock implements Clock {
  #offsetMs = 0;
  #revision = 0;
  #known = 0;
  #skewMs: number;
  readonly #baseSkewMs: number;
  readonly #realNow: () => number;
  readonly #timers: TimerQueue;
  readonly #waiters = new Set<{ revision: number; resolve: (ok: boolean) => void }>();
  readonly #watchers: QueuedIterator<KvEntry>[] = [];

  private constructor(realNow: () => number, skewMs: number) {
    this.#realNow = realNow;
    this.#skewMs = skewMs;
    this.#baseSkewMs = skewMs;
    this.#timers = new TimerQueue(() => this.now(), { useRealTimer: true });
  }

  /**
   * Opens the clock and resolves once the current offset (and, with `instance`, this process's skew) is
   * applied. A process that names its `instance` follows the `clock-skew` fault aimed at it, also across a
   * restart, since the skew stays in JetStream until the fault is cleared.
   */
  static async start(
    nc: NatsConnection,
    options: { skewMs?: number; realNow?: () => number; replicas?: number; instance?: string } = {},
  ): Promise<TestbedClock> {
    const realNow = options.realNow ?? Date.now;
    const clock = new TestbedClock(realNow, options.skewMs ?? 0);
    const store = await ClockStore.open(nc, { realNow, replicas: options.replicas });
    // Two watchers rather than one on two keys: watching several keys at once needs nats-server 2.10.
    await clock.#watch(store, 'offset', (entry) => clock.#apply(offsetOf(entry), entry.revision));
    if (options.instance) {
      await clock.#watch(store, clockSkewKey(options.instance), (entry) =>
        clock.setSkew(skewOf(entry)?.skewMs ?? clock.#baseSkewMs),
      );
    }
    return clock;
  }

  async #watch(store: ClockStore, key: string, onEntry: (entry: KvEntry) => void): Promise<void> {
    let initialized!: () => void;
    const ready = new Promise<void>((resolve) => {
      initialized = resolve;
    });
    const watcher = await store.kv.watch({ key, initializedFn: () => initialized() });
    this.#watchers.push(watcher);
    void (async () => {
      for await (const entry of watcher) onEntry(entry);
    })();
    await ready;
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
    for (const watcher of this.#watchers) watcher.stop();
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
