import type { KV, KvEntry, NatsConnection } from 'nats';
import { z } from 'zod';
import { isCasConflict } from '../state/is-cas-conflict.js';
import { openStateBucket } from '../state/kv-documents.js';

/** The JetStream KV bucket and key holding the testbed clock's offset from real time. */
export const clockBucketName = 'cmk-clock';
const offsetKey = 'offset';

const clockStateSchema = z.object({ offsetMs: z.number(), updatedAt: z.number() });
const skewSchema = z.object({ skewMs: z.number(), faultId: z.string().optional() });

/**
 * The key of one process's own skew (the `clock-skew` fault) in the clock bucket. Instance names are
 * `[a-z0-9-]+` (CMK_INSTANCE), which KV keys allow as they are.
 */
export function clockSkewKey(instance: string): string {
  return `skew.${instance}`;
}

/** One process's skew as stored: the offset and the fault that set it. */
export type ClockSkew = z.output<typeof skewSchema>;

export interface ClockReading {
  /** Testbed time, epoch ms. */
  now: number;
  offsetMs: number;
  /** The KV revision of the clock state: it only ever grows. */
  revision: number;
}

/**
 * The clock's durable state: real time plus an offset. Writes use compare-and-set on the KV revision, so two
 * concurrent `advance` calls both take effect instead of one overwriting the other.
 */
export class ClockStore {
  readonly #kv: KV;
  readonly #realNow: () => number;

  private constructor(kv: KV, realNow: () => number) {
    this.#kv = kv;
    this.#realNow = realNow;
  }

  static async open(
    nc: NatsConnection,
    options: { replicas?: number; realNow?: () => number } = {},
  ): Promise<ClockStore> {
    const kv = await openStateBucket(nc, clockBucketName, options.replicas ?? 1);
    return new ClockStore(kv, options.realNow ?? Date.now);
  }

  get kv(): KV {
    return this.#kv;
  }

  async read(): Promise<ClockReading> {
    const entry = await this.#kv.get(offsetKey);
    const offsetMs = offsetOf(entry);
    return { now: this.#realNow() + offsetMs, offsetMs, revision: entry?.revision ?? 0 };
  }

  /** Moves testbed time forward by `ms` for every process. */
  async advance(ms: number): Promise<ClockReading> {
    if (!(ms >= 0)) throw new RangeError(`clock.advance: by must be a duration >= 0, got ${ms} ms`);
    return this.#update((offsetMs) => offsetMs + ms);
  }

  /** Sets testbed time; it may only move forward, since services have already acted on the current time. */
  async set(at: number): Promise<ClockReading> {
    return this.#update((offsetMs) => {
      const current = this.#realNow() + offsetMs;
      if (at < current) {
        throw new RangeError(
          `clock.set: ${new Date(at).toISOString()} is before the testbed's now (${new Date(current).toISOString()}); the clock only moves forward`,
        );
      }
      return at - this.#realNow();
    });
  }

  /** The skew set for one process, if any. */
  async readSkew(instance: string): Promise<ClockSkew | undefined> {
    const entry = await this.#kv.get(clockSkewKey(instance));
    return skewOf(entry);
  }

  /** Offsets one process's clock (every other process keeps the shared time); it applies it live. */
  async setSkew(instance: string, skew: ClockSkew): Promise<void> {
    await this.#kv.put(clockSkewKey(instance), JSON.stringify(skewSchema.parse(skew)));
  }

  /** Removes one process's skew; deleting a skew that is not set is not an error. */
  async clearSkew(instance: string): Promise<void> {
    await this.#kv.delete(clockSkewKey(instance));
  }

  async #update(next: (offsetMs: number) => number): Promise<ClockReading> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const entry = await this.#kv.get(offsetKey);
      const offsetMs = next(offsetOf(entry));
      const at = this.#realNow() + offsetMs;
      // Checked before anything is written: a clock that cannot be shown as a date would break every service.
      if (!Number.isFinite(at) || at > latestTestbedTime) {
        throw new RangeError(
          `clock: the testbed clock cannot go past ${new Date(latestTestbedTime).toISOString()} (asked for ${at} ms since 1970)`,
        );
      }
      const value = JSON.stringify({ offsetMs, updatedAt: this.#realNow() });
      try {
        const revision = entry
          ? await this.#kv.update(offsetKey, value, entry.revision)
          : await this.#kv.create(offsetKey, value);
        return { now: this.#realNow() + offsetMs, offsetMs, revision };
      } catch (error) {
        if (!isCasConflict(error)) throw error;
      }
    }
    throw new Error('clock: too many concurrent updates, gave up after 50 attempts');
  }
}

/** The last instant ISO 8601 can write with a four-digit year, which every service formats dates with. */
const latestTestbedTime = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function offsetOf(entry: KvEntry | null): number {
  if (entry?.operation !== 'PUT') return 0;
  return clockStateSchema.parse(entry.json()).offsetMs;
}

/** The skew in a KV entry; a deleted or malformed entry means none (a bad value must not stop the clock). */
export function skewOf(entry: KvEntry | null): ClockSkew | undefined {
  if (entry?.operation !== 'PUT') return undefined;
  try {
    const parsed = skewSchema.safeParse(entry.json());
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
