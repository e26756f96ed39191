import type { webcrypto } from 'node:crypto';
import { importJWK } from 'jose';
import type { Jwk } from './jwk.js';
import { JwksFetchError } from './jwks-fetch-error.js';

/** Options of {@link JwksCache}. */
export interface JwksCacheOptions {
  /** Fetches a tenant's published JWKS (entra-svc's `getJwks`). */
  fetchJwks: (tenantId: string) => Promise<{ keys: Jwk[] }>;
  /** Testbed time in epoch ms: ages and the refresh limit follow the testbed clock, not the wall clock. */
  now: () => number;
  /** A JWKS older than this is fetched again before use. Default 24 h. */
  maxAgeMs?: number;
  /** An unknown kid refetches a tenant's JWKS at most once per this interval. Default 1000 ms. */
  minRefreshIntervalMs?: number;
}

type TenantKeys = {
  /** When the fetch that produced this JWKS started: the keys are at least that fresh. */
  fetchedAt: number;
  jwks: Map<string, Jwk>;
  /** Imported lazily: most tenants' JWKS hold an old key nobody signs with any more. */
  imported: Map<string, Promise<webcrypto.CryptoKey>>;
};

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Per-tenant signing keys, fetched on first use and kept until they age out. An unknown kid refetches the
 * tenant's JWKS, since signing keys rotate, but at most once per `minRefreshIntervalMs` so a flood of tokens with
 * made-up kids cannot hammer the identity service. Concurrent callers share one in-flight fetch per tenant;
 * a failed fetch is not remembered, so the next call tries again.
 */
export class JwksCache {
  readonly #fetchJwks: JwksCacheOptions['fetchJwks'];
  readonly #now: () => number;
  readonly #maxAgeMs: number;
  readonly #minRefreshIntervalMs: number;
  readonly #tenants = new Map<string, TenantKeys>();
  readonly #inFlight = new Map<string, Promise<TenantKeys>>();

  constructor(options: JwksCacheOptions) {
    this.#fetchJwks = options.fetchJwks;
    this.#now = options.now;
    this.#maxAgeMs = options.maxAgeMs ?? dayMs;
    this.#minRefreshIntervalMs = options.minRefreshIntervalMs ?? 1000;
  }

  /**
   * The key `kid` of `tenantId`, ready for jose to verify RS256 signatures with; undefined when the tenant does
   * not publish that kid, even after the refresh it may trigger.
   * @throws {JwksFetchError} when fetching the JWKS fails.
   */
  async getKey(tenantId: string, kid: string): Promise<webcrypto.CryptoKey | undefined> {
    const cached = this.#tenants.get(tenantId);
    let keys = cached && !this.#isOlderThan(cached, this.#maxAgeMs) ? cached : await this.#load(tenantId);
    if (!keys.jwks.has(kid) && this.#isOlderThan(keys, this.#minRefreshIntervalMs)) {
      keys = await this.#load(tenantId);
    }
    return this.#importKey(keys, kid);
  }

  #isOlderThan(keys: TenantKeys, ageMs: number): boolean {
    const age = this.#now() - keys.fetchedAt;
    // A negative age means the testbed clock was set back; refetching beats being stuck on old keys until the
    // clock catches up again.
    return age < 0 || age >= ageMs;
  }

  #load(tenantId: string): Promise<TenantKeys> {
    const pending = this.#inFlight.get(tenantId);
    if (pending) return pending;
    const loading = this.#fetch(tenantId).finally(() => this.#inFlight.delete(tenantId));
    this.#inFlight.set(tenantId, loading);
    return loading;
  }

  async #fetch(tenantId: string): Promise<TenantKeys> {
    const fetchedAt = this.#now();
    let keys: TenantKeys;
    try {
      const { keys: jwks } = await this.#fetchJwks(tenantId);
      keys = { fetchedAt, jwks: new Map(jwks.map((jwk) => [jwk.kid, jwk])), imported: new Map() };
    } catch (cause) {
      throw new JwksFetchError(tenantId, cause);
    }
    this.#tenants.set(tenantId, keys);
    return keys;
  }

  #importKey(keys: TenantKeys, kid: string): Promise<webcrypto.CryptoKey> | undefined {
    const jwk = keys.jwks.get(kid);
    if (!jwk) return undefined;
    let imported = keys.imported.get(kid);
    if (!imported) {
      imported = importJWK(jwk, 'RS256') as Promise<webcrypto.CryptoKey>;
      // A key that fails to import is the issuer's bug; keep reporting it rather than caching the rejection.
      imported.catch(() => keys.imported.delete(kid));
      keys.imported.set(kid, imported);
    }
    return imported;
  }
}
