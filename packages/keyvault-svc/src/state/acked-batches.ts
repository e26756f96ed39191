/** Writes one batch of items to one destination; resolves once the write is acknowledged (durable). */
export type WriteBatch<T> = (destination: string, items: T[]) => Promise<void>;

/**
 * Group commit: items are written in acknowledged batches, one round of writes at a time. An item recorded
 * while a round is in flight joins the next round, so under load a round carries everything that arrived
 * during the previous acknowledgement, and a lone caller waits one round trip. `record` resolves when the
 * item's round is acknowledged, so a caller that waits for it knows the item survives its own crash.
 *
 * A failed write is reported and its items ride along with the next round (the oldest dropped past
 * `maxRetained`); the waiters of a failed round are released anyway: whoever records must not hang on an
 * unavailable store.
 */
export class AckedBatches<T> {
  readonly #write: WriteBatch<T>;
  readonly #onError: (error: unknown, destination: string, count: number) => void;
  readonly #maxBatch: number;
  readonly #maxRetained: number;
  #pending = new Map<string, T[]>();
  /** The callers waiting for the items of #pending. */
  #waiters: (() => void)[] = [];
  #round: Promise<void> | undefined;

  constructor(options: {
    write: WriteBatch<T>;
    onError: (error: unknown, destination: string, count: number) => void;
    /** Items per write at most; a destination with more is written in several writes of one round. */
    maxBatch?: number;
    /** Unacknowledged items kept for a retry at most. */
    maxRetained?: number;
  }) {
    this.#write = options.write;
    this.#onError = options.onError;
    this.#maxBatch = options.maxBatch ?? 500;
    this.#maxRetained = options.maxRetained ?? 100_000;
  }

  /** Queues an item; resolves once the round that carries it has been acknowledged (or has failed). */
  record(destination: string, item: T): Promise<void> {
    const items = this.#pending.get(destination) ?? [];
    items.push(item);
    this.#pending.set(destination, items);
    const done = new Promise<void>((resolve) => this.#waiters.push(resolve));
    this.#round ??= this.#run();
    return done;
  }

  /** Resolves when everything recorded so far has had its round (for shutdown and reads). */
  async settled(): Promise<void> {
    while (this.#round) await this.#round;
  }

  async #run(): Promise<void> {
    try {
      while (this.#waiters.length > 0) {
        const batches = this.#pending;
        const waiters = this.#waiters;
        this.#pending = new Map();
        this.#waiters = [];
        await Promise.all([...batches].map(([destination, items]) => this.#writeAll(destination, items)));
        for (const resolve of waiters) resolve();
      }
    } finally {
      this.#round = undefined;
    }
  }

  async #writeAll(destination: string, items: T[]): Promise<void> {
    for (let i = 0; i < items.length; i += this.#maxBatch) {
      const chunk = items.slice(i, i + this.#maxBatch);
      try {
        await this.#write(destination, chunk);
      } catch (error) {
        this.#onError(error, destination, items.length - i);
        this.#retain(destination, items.slice(i));
        return;
      }
    }
  }

  /** Failed items go before anything newer of their destination, so the log keeps its order. */
  #retain(destination: string, items: T[]): void {
    const merged = [...items, ...(this.#pending.get(destination) ?? [])];
    this.#pending.set(destination, merged.slice(-this.#maxRetained));
  }
}
