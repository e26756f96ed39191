import { generateKeyPairFor } from './generate-key-pair-for.js';
import { type KeyPair, type KeyPairSource, type KeyPairSpec, keyPairSpecId } from './key-pair-spec.js';

/** Ready pairs kept per spec unless told otherwise: enough for a scenario's burst of two or three creations. */
export const DEFAULT_KEY_POOL_DEPTH = 2;

export interface KeyPairPoolOptions {
  /** Ready pairs to keep of each spec once it has been taken (or warmed); 0 makes every take generate. */
  depth?: number;
  /** Specs kept ready from the start, so even their first take finds a pair (RSA-2048, typically). */
  warm?: readonly KeyPairSpec[];
  /**
   * Background generations at once, over all specs; default 1. Each holds one core for its whole run, and
   * on a two-core machine the service's own requests need the other.
   */
  maxBackground?: number;
  /**
   * Which specs are worth keeping ready. Default: EC, and RSA up to 3072 bits. A 4096-bit pair takes seconds
   * of a core to make: keeping two in stock would cost a small machine more than the rare 4096-bit key saves.
   */
  poolable?: (spec: KeyPairSpec) => boolean;
  /** Called when a generation fails that no caller is told of (a background one, mostly); the pool carries on. */
  onError?: (error: unknown, spec: KeyPairSpec) => void;
  /** How a pair is made; {@link generateKeyPairFor} unless a test needs to steer it. */
  generate?: (spec: KeyPairSpec) => Promise<KeyPair>;
}

interface Waiter {
  resolve(pair: KeyPair): void;
  reject(error: unknown): void;
}

/** Waiting callers that no generation under way is yet owed to. */
function uncovered(stock: Stock): number {
  return stock.waiters.length - stock.onDemand - stock.background;
}

/** One spec's ready pairs, its callers waiting for one, and its generations under way. */
interface Stock {
  spec: KeyPairSpec;
  ready: KeyPair[];
  waiters: Waiter[];
  onDemand: number;
  background: number;
  /** Kept at depth only once taken or warmed, so a key size asked for once costs nothing until then. */
  wanted: boolean;
  /** A background generation failed: no more until the next take, so a failing spec cannot spin. */
  paused: boolean;
}

/**
 * Generates key pairs ahead of demand, in the background and off the event loop, the way an HSM pre-generates:
 * a take hands out a ready pair when there is one and otherwise waits for one generation, never for a queue.
 * Every pair is handed out once at most and never leaves the process; the pool only moves the cost of
 * generation out of the request. Background work starts at construction (for `warm` specs) and after every
 * take, one generation at a time by default; {@link close} ends it.
 */
export class KeyPairPool implements KeyPairSource {
  readonly #depth: number;
  readonly #poolable: (spec: KeyPairSpec) => boolean;
  readonly #maxBackground: number;
  readonly #onError: (error: unknown, spec: KeyPairSpec) => void;
  readonly #generate: (spec: KeyPairSpec) => Promise<KeyPair>;
  readonly #stocks = new Map<string, Stock>();
  readonly #background = new Set<Promise<void>>();
  #closed = false;

  constructor(options: KeyPairPoolOptions = {}) {
    this.#depth = options.depth ?? DEFAULT_KEY_POOL_DEPTH;
    this.#maxBackground = options.maxBackground ?? 1;
    this.#poolable = options.poolable ?? ((spec) => spec.kind === 'ec' || spec.modulusLength <= 3072);
    this.#onError = options.onError ?? (() => {});
    const generate = options.generate ?? generateKeyPairFor;
    // A generator that throws synchronously must still become a rejection, not escape into the caller.
    this.#generate = async (spec) => generate(spec);
    for (const spec of options.warm ?? []) this.#stock(spec).wanted = true;
    this.#refill();
  }

  /**
   * A ready pair if there is one. Otherwise the caller gets the background generation of this spec already
   * under way, if one is and no earlier caller is owed it (it has a head start, and racing a second
   * generation against it would only split two cores between them), or else a generation of its own. Rejects
   * only when the caller's own generation fails.
   */
  take(spec: KeyPairSpec): Promise<KeyPair> {
    if (this.#closed) return this.#generate(spec);
    const stock = this.#stock(spec);
    stock.wanted = this.#poolable(spec);
    stock.paused = false;
    const ready = stock.ready.shift();
    if (ready) {
      this.#refill();
      return Promise.resolve(ready);
    }
    const taken = new Promise<KeyPair>((resolve, reject) => stock.waiters.push({ resolve, reject }));
    if (uncovered(stock) > 0) this.#start(stock, 'onDemand');
    this.#refill();
    return taken;
  }

  /** How many pairs of this spec are ready right now. */
  readyCount(spec: KeyPairSpec): number {
    return this.#stocks.get(keyPairSpecId(spec))?.ready.length ?? 0;
  }

  /**
   * Stops refilling, drops the ready pairs and waits for background generations under way (node cannot cancel
   * them, and they would keep the process alive). Takes still work afterwards, each generating its own pair.
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (const stock of this.#stocks.values()) stock.ready.length = 0;
    await Promise.all(this.#background);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #stock(spec: KeyPairSpec): Stock {
    const id = keyPairSpecId(spec);
    let stock = this.#stocks.get(id);
    if (!stock) {
      stock = { spec, ready: [], waiters: [], onDemand: 0, background: 0, wanted: false, paused: false };
      this.#stocks.set(id, stock);
    }
    return stock;
  }

  #deliver(stock: Stock, pair: KeyPair): void {
    const waiter = stock.waiters.shift();
    if (waiter) waiter.resolve(pair);
    else if (!this.#closed && stock.ready.length < this.#depth) stock.ready.push(pair);
  }

  #refill(): void {
    while (!this.#closed && this.#background.size < this.#maxBackground) {
      const stock = this.#neediest();
      if (!stock) return;
      this.#start(stock, 'background');
    }
  }

  /** Starts a generation; whatever it yields goes to the oldest waiter, else to the stock. */
  #start(stock: Stock, kind: 'background' | 'onDemand'): void {
    stock[kind]++;
    const job: Promise<void> = this.#generate(stock.spec)
      .then(
        (pair) => ({ pair }),
        (error: unknown) => ({ error }),
      )
      .then((outcome) => {
        stock[kind]--;
        this.#background.delete(job);
        if ('pair' in outcome) this.#deliver(stock, outcome.pair);
        else this.#failed(stock, kind, outcome.error);
        this.#refill();
      });
    if (kind === 'background') this.#background.add(job);
  }

  #failed(stock: Stock, kind: 'background' | 'onDemand', error: unknown): void {
    if (kind === 'onDemand' && uncovered(stock) > 0) {
      stock.waiters.shift()?.reject(error);
      return;
    }
    this.#onError(error, stock.spec);
    if (kind === 'background') {
      // No retry loop on a failing spec; a caller who counted on this generation gets one of its own instead.
      stock.paused = true;
      while (uncovered(stock) > 0) this.#start(stock, 'onDemand');
    }
  }

  /** The wanted spec furthest below depth, counting generations under way not owed to a waiter. */
  #neediest(): Stock | undefined {
    let neediest: Stock | undefined;
    let largestShortfall = 0;
    for (const stock of this.#stocks.values()) {
      if (!stock.wanted || stock.paused) continue;
      const shortfall = this.#depth - (stock.ready.length - uncovered(stock));
      if (shortfall > largestShortfall) {
        neediest = stock;
        largestShortfall = shortfall;
      }
    }
    return neediest;
  }
}
