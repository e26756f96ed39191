import { encodeKeyPart, isCasConflict, openStateBucket } from '@cmk-testbed/shared';
import type { KV, NatsConnection } from 'nats';
import {
  decideInWindow,
  type ThrottleRequest,
  type ThrottleResult,
  type ThrottleWindow,
  throttleCost,
  throttledDenial,
  throttleWindowAt,
  windowLimit,
} from '../rules/index.js';

/** A window's counter is dead once its 10 s of testbed time are over; a minute of real time covers that. */
const defaultCounterTtlMs = 60_000;
const maxAttempts = 50;

/**
 * Key Vault's per-vault budget shared by every replica of a region: one counter per vault, category and fixed
 * 10-second window of the testbed clock, in JetStream KV, spent by compare-and-set. Two replicas thus admit
 * what one vault admits in Azure, not twice as much. Only built when throttling is on: it costs two round trips
 * per call. Testbed choice: fixed windows rather than Azure's (undocumented) sliding accounting, so a burst
 * straddling a window boundary can get up to twice the limit.
 */
export class SharedVaultThrottle {
  /** The JetStream KV bucket holding every vault's window counters. */
  static readonly bucketName = 'cmk-keyvault-throttle';
  readonly #kv: KV;
  readonly #scale: number;
  /** The last call of this process on each counter, which the next one waits for. */
  readonly #turns = new Map<string, Promise<void>>();

  private constructor(kv: KV, scale: number) {
    this.#kv = kv;
    this.#scale = scale;
  }

  /**
   * `scale` multiplies Azure's limits (e.g. 0.005 makes them easy to reach in tests). Counters of past windows
   * expire `counterTtlMs` of real time after their last write, which keeps the bucket bounded.
   */
  static async open(
    nc: NatsConnection,
    scale: number,
    options: { replicas?: number; counterTtlMs?: number } = {},
  ): Promise<SharedVaultThrottle> {
    if (!(scale > 0) || !Number.isFinite(scale))
      throw new RangeError(`scale must be a positive number, got ${scale}`);
    const kv = await openStateBucket(nc, SharedVaultThrottle.bucketName, options.replicas ?? 1, {
      ttlMs: options.counterTtlMs ?? defaultCounterTtlMs,
    });
    return new SharedVaultThrottle(kv, scale);
  }

  /** Takes room for one transaction, or says how long until the window ends. Refusals spend nothing. */
  tryConsume(request: ThrottleRequest): Promise<ThrottleResult> {
    const window = throttleWindowAt(request.now);
    const entry = `${request.category}.${encodeKeyPart(request.vault.toLowerCase())}.${window.index}`;
    // This process's calls on one counter take turns: racing each other by compare-and-set, n concurrent calls
    // would cost n² round trips, and the last would run out of attempts (a 429) while the budget had room.
    const turn = (this.#turns.get(entry) ?? Promise.resolve()).then(() =>
      this.#spend(entry, window, request),
    );
    const done = turn.then(
      () => {},
      () => {},
    );
    this.#turns.set(entry, done);
    void done.then(() => {
      if (this.#turns.get(entry) === done) this.#turns.delete(entry);
    });
    return turn;
  }

  async #spend(entry: string, window: ThrottleWindow, request: ThrottleRequest): Promise<ThrottleResult> {
    const cost = throttleCost(request);
    const limit = windowLimit(request.category, this.#scale);
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const current = await this.#kv.get(entry);
      const usedUnits = current?.operation === 'PUT' ? Number(current.string()) || 0 : 0;
      const decision = decideInWindow({ usedUnits, cost, limit, window, now: request.now });
      if (!decision.ok) return decision;
      try {
        const next = String(usedUnits + cost);
        if (current) await this.#kv.update(entry, next, current.revision);
        else await this.#kv.create(entry, next);
        return decision;
      } catch (error) {
        if (!isCasConflict(error)) throw error;
      }
    }
    // Lost the race to other replicas every time: the vault is as busy as it gets, which is what a 429 says.
    return { ok: false, retryAfterSec: 1, denial: { ...throttledDenial } };
  }
}
