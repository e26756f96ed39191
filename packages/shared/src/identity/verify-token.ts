import { errors, jwtVerify } from 'jose';
import { checkClaims, type TokenExpectation } from './check-claims.js';
import type { JwksCache } from './jwks-cache.js';
import { type ReadToken, readToken } from './read-token.js';
import { showEpochSeconds } from './show-value.js';
import { failVerify, type VerifyFailure, type VerifyResult } from './verify-result.js';

/** Options of {@link createTokenVerifier}. */
export interface TokenVerifierOptions {
  /** Where signing keys come from; a {@link JwksCache} shared by every verifier of the process. */
  jwks: Pick<JwksCache, 'getKey'>;
  /** Testbed time in epoch ms: `exp` and `nbf` are judged against it, never the wall clock. */
  now: () => number;
  /** Allowed clock skew on `exp` and `nbf`. Default 300 s, Azure AD's usual five minutes. */
  clockToleranceSec?: number;
}

/** Verifies Entra ID access tokens issued by entra-svc. */
export interface TokenVerifier {
  /**
   * Checks, in order: well-formed RS256 JWT with kid and tid → signature against the JWKS of the token's tid →
   * exp/nbf → issuer → audience → tenant. The first failing check is reported.
   * @throws {JwksFetchError} when the tenant's JWKS cannot be fetched: that says nothing about the token.
   */
  verify(token: string, expect: TokenExpectation): Promise<VerifyResult>;
}

/** A verifier of RS256 Entra tokens over a JWKS cache and the testbed clock. */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const clockToleranceSec = options.clockToleranceSec ?? 300;
  return {
    async verify(token, expect) {
      const read = readToken(token);
      if (!read.ok) return read;
      const key = await options.jwks.getKey(read.tid, read.kid);
      if (!key)
        return failVerify('signature', `no key with kid ${read.kid} in the JWKS of tenant ${read.tid}`);
      const nowMs = options.now();
      try {
        await jwtVerify(token, key, {
          algorithms: ['RS256'],
          currentDate: new Date(nowMs),
          clockTolerance: clockToleranceSec,
        });
      } catch (error) {
        return describeJoseFailure(error, read, nowMs);
      }
      return checkClaims(read.claims, expect) ?? { ok: true, claims: read.claims };
    },
  };
}

function describeJoseFailure(error: unknown, read: ReadToken, nowMs: number): VerifyFailure {
  const now = new Date(nowMs).toISOString();
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return failVerify('signature', `signature does not verify with key ${read.kid} of tenant ${read.tid}`);
  }
  if (error instanceof errors.JWTExpired) {
    return failVerify('expired', `token expired at ${showEpochSeconds(read.claims.exp)}, now is ${now}`);
  }
  if (
    error instanceof errors.JWTClaimValidationFailed &&
    error.claim === 'nbf' &&
    error.reason === 'check_failed' &&
    read.claims.nbf !== undefined
  ) {
    return failVerify(
      'not-before',
      `token not valid before ${showEpochSeconds(read.claims.nbf)}, now is ${now}`,
    );
  }
  // Anything else jose refuses (bad base64, crit headers, ...) is a token we cannot make sense of; errors
  // that are not jose's are bugs and must not turn into a quiet 401.
  if (error instanceof errors.JOSEError) return failVerify('malformed', error.message);
  throw error;
}
