import type { KV, KvEntry, QueuedIterator } from 'nats';

interface Mirrored {
  revision: number;
  /** The parsed JSON value; undefined once deleted. */
  value: unknown;
}

/**
 * A live in-memory copy of a whole KV bucket, fed by a JetStream watch. Reads then cost no round trip, which
 * matters on hot paths (a vault checks its vault, roles and key documents on every unwrap). Writes made by
 * this process are applied at once (write-through), so a process always reads its own writes; other
 * processes' writes arrive through the watch within milliseconds.
 */
export class KvMirror {
  readonly #entries = new Map<string, Mirrored>();
  #watcher: QueuedIterator<KvEntry> | undefined;
  readonly #kv: KV;
  /** The highest bucket revision (stream sequence) the watch has delivered. */
  #seen = 0;
  readonly #waiters = new Set<{ revision: number; resolve: () => void }>();
  readonly #followers = new Set<(key: string, value: unknown) => void>();

  private constructor(kv: KV) {
    this.#kv = kv;
  }

  /** Starts mirroring and resolves once the bucket's current content is loaded. */
  static async start(kv: KV): Promise<KvMirror> {
    const mirror = new KvMirror(kv);
    let initialized!: () => void;
    const ready = new Promise<void>((resolve) => {
      initialized = resolve;
    });
    const watcher = await kv.watch({ key: '>', initializedFn: () => initialized() });
    mirror.#watcher = watcher;
    void (async () => {
      for await (const entry of watcher) {
        const value = entry.operation === 'PUT' ? entry.json() : undefined;
        mirror.apply(entry.key, entry.revision, value);
        mirror.#delivered(entry.revision);
        for (const follower of mirror.#followers) follower(entry.key, value);
      }
    })();
    await ready;
    return mirror;
  }

  /**
   * Calls `follower` for every key that holds a value now, then for every change the watch delivers (from any
   * process, this one included; `value` undefined for a deletion), in bucket order: one watch serves the
   * mirror and whoever reacts to changes. Returns the function that stops following.
   */
  follow(follower: (key: string, value: unknown) => void): () => void {
    for (const [key, entry] of this.#entries) if (entry.value !== undefined) follower(key, entry.value);
    this.#followers.add(follower);
    return () => this.#followers.delete(follower);
  }

  /** The newest known state of a key, or undefined when it was never seen. */
  get(key: string): Mirrored | undefined {
    return this.#entries.get(key);
  }

  /** Records a state of a key unless a newer one is already known (watch and write-through may race). */
  apply(key: string, revision: number, value: unknown): void {
    const current = this.#entries.get(key);
    if (current && current.revision >= revision) return;
    this.#entries.set(key, { revision, value });
  }

  /** Keys under a prefix (`prefix.` followed by anything) that currently hold a value. */
  keys(prefix: string): string[] {
    const keys: string[] = [];
    for (const [key, entry] of this.#entries)
      if (entry.value !== undefined && key.startsWith(`${prefix}.`)) keys.push(key);
    return keys;
  }

  /**
   * Waits until the watch has delivered every write made to the bucket so far, by any process: after it, the
   * mirror reads what a direct read would (read-your-writes across processes). Costs one round trip; used
   * where a stale answer would be wrong, e.g. a list right after another node created an entry. Gives up
   * after `timeoutMs` and returns false (the mirror then answers with what it has).
   */
  async sync(timeoutMs = 2000): Promise<boolean> {
    const status = await this.#kv.status();
    const last = status.streamInfo.state.last_seq;
    if (this.#seen >= last) return true;
    return new Promise<boolean>((resolve) => {
      const waiter = {
        revision: last,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        resolve(false);
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  #delivered(revision: number): void {
    if (revision <= this.#seen) return;
    this.#seen = revision;
    for (const waiter of this.#waiters) {
      if (waiter.revision <= revision) {
        this.#waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  stop(): void {
    this.#watcher?.stop();
  }
}
