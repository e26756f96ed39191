import type { TokenClaims } from '@cmk-testbed/shared';

/** The clock skew the verifier allows, seconds (Entra's usual five minutes). */
const toleranceSec = 300;

/**
 * Tokens whose signature, issuer and audience already verified, by token text. A storage node presents the
 * same token for hours, and an RSA signature check per unwrap would cost a fifth of the unwrap itself; the
 * time window (nbf/exp) is still checked on every use, on the testbed clock. Bounded; oldest out first.
 */
export class VerifiedTokens {
  readonly #entries = new Map<string, TokenClaims>();
  readonly #max: number;

  constructor(max = 10_000) {
    this.#max = max;
  }

  /** The claims of a verified token still inside its validity window at `nowMs`. */
  get(token: string, nowMs: number): TokenClaims | undefined {
    const claims = this.#entries.get(token);
    if (!claims) return undefined;
    const now = nowMs / 1000;
    if (now > claims.exp + toleranceSec || (claims.nbf !== undefined && now < claims.nbf - toleranceSec)) {
      this.#entries.delete(token);
      return undefined;
    }
    return claims;
  }

  remember(token: string, claims: TokenClaims): void {
    if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(token, claims);
  }
}
