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
