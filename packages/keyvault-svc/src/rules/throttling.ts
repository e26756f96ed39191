import type { KeyVaultDenial } from './key-vault-denial.js';

/** CREATE (and RELEASE, which shares its budget) versus all other key transactions. */
export type ThrottleCategory = 'create' | 'other';
/** Key types with a throttling weight; `-HSM` keys are premium-tier HSM-backed keys. */
export type ThrottleKeyType = 'RSA' | 'RSA-HSM' | 'EC' | 'EC-HSM';

/** One transaction asking for room in its vault's budget; `now` is the testbed clock in epoch ms. */
export type ThrottleRequest = {
  vault: string;
  category: ThrottleCategory;
  kty: ThrottleKeyType;
  /** RSA only; defaults to 2048. Ignored for EC keys. */
  keySize?: 2048 | 3072 | 4096;
  now: number;
};

/** Admitted, or the 429 with how long to wait before the same request would fit. */
export type ThrottleResult = { ok: true } | { ok: false; retryAfterSec: number; denial: KeyVaultDenial };

/**
 * Azure's per-vault limits per 10 s (facts §5), as weighted budgets: `other` is 4,000 units where a software
 * RSA-2048 or EC op costs 1, RSA-3072 4 and RSA-4096 8 (so 4,000 / 1,000 / 500 ops); HSM ops cost twice as
 * much (2,000 / 500 / 250). `create` is 20 units where a software create costs 1 and an HSM create 2.
 */
export const vaultThrottleLimits = { windowMs: 10_000, otherUnits: 4000, createUnits: 20 } as const;

const rsaSizeWeight = { 2048: 1, 3072: 4, 4096: 8 } as const;

/** The units one transaction takes from its category's budget. */
export function throttleCost(request: Pick<ThrottleRequest, 'category' | 'kty' | 'keySize'>): number {
  const hsmFactor = request.kty.endsWith('-HSM') ? 2 : 1;
  if (request.category === 'create') return hsmFactor;
  const sizeWeight = request.kty.startsWith('RSA') ? rsaSizeWeight[request.keySize ?? 2048] : 1;
  return sizeWeight * hsmFactor;
}

export const throttledDenial: KeyVaultDenial = {
  status: 429,
  code: 'Throttled',
  message:
    'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached',
};

type Entry = { at: number; cost: number };

/** The admitted transactions of one (vault, category) over the last window, oldest first. */
class SlidingWindow {
  #entries: Entry[] = [];
  #head = 0;
  #total = 0;

  get total(): number {
    return this.#total;
  }

  get isEmpty(): boolean {
    return this.#head === this.#entries.length;
  }

  prune(now: number, windowMs: number): void {
    let first = this.#entries[this.#head];
    while (first && first.at + windowMs <= now) {
      this.#total -= first.cost;
      this.#head++;
      first = this.#entries[this.#head];
    }
    // Drop the consumed prefix once it dominates, so the array never outgrows one window's worth of entries.
    if (this.#head > 64 && this.#head * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
    if (this.isEmpty) this.#total = 0;
  }

  add(now: number, cost: number): void {
    // Concurrent handlers may read the clock out of order; keeping entries sorted keeps pruning correct.
    const newest = this.#entries.at(-1)?.at ?? now;
    this.#entries.push({ at: Math.max(now, newest), cost });
    this.#total += cost;
  }

  /** Epoch ms at which enough old entries will have expired for `cost` to fit under `limit`. */
  fitsAt(cost: number, limit: number, windowMs: number): number {
    let remaining = this.#total;
    for (let index = this.#head; index < this.#entries.length; index++) {
      const entry = this.#entries[index]!;
      remaining -= entry.cost;
      if (remaining + cost <= limit || remaining <= 0) return entry.at + windowMs;
    }
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Key Vault's per-vault throttling over a sliding 10-second window of the injected clock. Only admitted
 * transactions count (Azure: failed 429 requests don't). Testbed choices: a transaction is always admitted
 * into an empty window, so a tiny `scale` slows a vault down instead of locking it out; the subscription-wide
 * 5x limit is not modelled.
 */
export class VaultThrottle {
  readonly #scale: number;
  readonly #windows = new Map<string, SlidingWindow>();
  #lastSweepAt = Number.NEGATIVE_INFINITY;

  /** `scale` multiplies every limit (e.g. 0.01 makes them easy to hit in tests); default 1. */
  constructor(options: { scale?: number } = {}) {
    const scale = options.scale ?? 1;
    if (!(scale > 0) || !Number.isFinite(scale))
      throw new RangeError(`scale must be a positive number, got ${scale}`);
    this.#scale = scale;
  }

  /** Number of (vault, category) windows held; idle ones are dropped, which keeps memory bounded. */
  get size(): number {
    return this.#windows.size;
  }

  /** Takes room for one transaction, or says how long until it would fit. */
  tryConsume(request: ThrottleRequest): ThrottleResult {
    const { windowMs } = vaultThrottleLimits;
    this.#sweep(request.now);
    const key = `${request.vault.toLowerCase()}\u0000${request.category}`;
    const window = this.#windows.get(key) ?? new SlidingWindow();
    window.prune(request.now, windowMs);
    const cost = throttleCost(request);
    const limit = this.#limitFor(request.category);
    if (window.isEmpty || window.total + cost <= limit) {
      window.add(request.now, cost);
      this.#windows.set(key, window);
      return { ok: true };
    }
    const waitMs = window.fitsAt(cost, limit, windowMs) - request.now;
    return {
      ok: false,
      retryAfterSec: Math.max(1, Math.ceil(waitMs / 1000)),
      denial: { ...throttledDenial },
    };
  }

  /** Forgets all history, as after a chaos reset. */
  reset(): void {
    this.#windows.clear();
    this.#lastSweepAt = Number.NEGATIVE_INFINITY;
  }

  #limitFor(category: ThrottleCategory): number {
    const base = category === 'create' ? vaultThrottleLimits.createUnits : vaultThrottleLimits.otherUnits;
    return base * this.#scale;
  }

  /** Once per window, drop the windows of vaults that have gone quiet. */
  #sweep(now: number): void {
    const { windowMs } = vaultThrottleLimits;
    if (now - this.#lastSweepAt < windowMs) return;
    this.#lastSweepAt = now;
    for (const [key, window] of this.#windows) {
      window.prune(now, windowMs);
      if (window.isEmpty) this.#windows.delete(key);
    }
  }
}
