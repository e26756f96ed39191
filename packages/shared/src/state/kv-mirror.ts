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

  private constructor() {}

  /** Starts mirroring and resolves once the bucket's current content is loaded. */
  static async start(kv: KV): Promise<KvMirror> {
    const mirror = new KvMirror();
    let initialized!: () => void;
    const ready = new Promise<void>((resolve) => {
      initialized = resolve;
    });
    const watcher = await kv.watch({ key: '>', initializedFn: () => initialized() });
    mirror.#watcher = watcher;
    void (async () => {
      for await (const entry of watcher) {
        mirror.apply(entry.key, entry.revision, entry.operation === 'PUT' ? entry.json() : undefined);
      }
    })();
    await ready;
    return mirror;
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

  stop(): void {
    this.#watcher?.stop();
  }
}
