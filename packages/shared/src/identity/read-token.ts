import { decodeJwt, decodeProtectedHeader } from 'jose';
import { showValue } from './show-value.js';
import type { TokenClaims } from './token-claims.js';
import { failVerify, type VerifyFailure } from './verify-result.js';

/** What an unverified token says about where its key is, with claims whose shapes match {@link TokenClaims}. */
export type ReadToken = { ok: true; kid: string; tid: string; claims: TokenClaims };

const guidPattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const stringClaims = ['iss', 'sub', 'oid', 'appid', 'azp', 'ver', 'xms_mirid'] as const;
const numericDateClaims = ['iat', 'nbf'] as const;

/**
 * Decodes a token without trusting it. Everything that can be refused before looking up a key is refused here,
 * so the fetcher only ever sees a GUID tenant id and jose only ever sees an RS256 compact JWS.
 */
export function readToken(token: string): ReadToken | VerifyFailure {
  const parts = typeof token === 'string' ? token.split('.').length : 0;
  if (parts !== 3)
    return failVerify('malformed', `not a signed JWT (expected 3 dot-separated parts, found ${parts})`);
  let header: ReturnType<typeof decodeProtectedHeader>;
  let payload: ReturnType<typeof decodeJwt>;
  try {
    header = decodeProtectedHeader(token);
    payload = decodeJwt(token);
  } catch (error) {
    return failVerify('malformed', `not a JWT (${(error as Error).message})`);
  }
  // Pinning the algorithm up front shuts out alg=none and HS256-with-the-public-key confusion.
  if (header.alg !== 'RS256')
    return failVerify('malformed', `alg must be RS256, found ${showValue(header.alg)}`);
  if (typeof header.kid !== 'string' || header.kid === '')
    return failVerify('malformed', 'header has no kid');
  const shapeProblem = findShapeProblem(payload);
  if (shapeProblem) return failVerify('malformed', shapeProblem);
  const claims = payload as unknown as TokenClaims;
  return { ok: true, kid: header.kid, tid: claims.tid, claims };
}

function findShapeProblem(payload: Record<string, unknown>): string | undefined {
  const { tid, exp, aud } = payload;
  if (tid === undefined) return 'token has no tid claim';
  if (typeof tid !== 'string' || !guidPattern.test(tid)) return `tid must be a GUID, found ${showValue(tid)}`;
  if (exp === undefined) return 'token has no exp claim';
  for (const claim of ['exp', ...numericDateClaims]) {
    const value = payload[claim];
    if (value !== undefined && !Number.isFinite(value))
      return `${claim} must be a number, found ${showValue(value)}`;
  }
  for (const claim of stringClaims) {
    const value = payload[claim];
    if (value !== undefined && typeof value !== 'string')
      return `${claim} must be a string, found ${showValue(value)}`;
  }
  const audOk =
    aud === undefined ||
    typeof aud === 'string' ||
    (Array.isArray(aud) && aud.every((a) => typeof a === 'string'));
  return audOk ? undefined : `aud must be a string or an array of strings, found ${showValue(aud)}`;
}
