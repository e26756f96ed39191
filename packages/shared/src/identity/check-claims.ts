import { showExpected, showValue } from './show-value.js';
import type { TokenClaims } from './token-claims.js';
import { failVerify, type VerifyFailure } from './verify-result.js';

/** What the caller of `verify` accepts; see {@link TokenVerifier}. */
export interface TokenExpectation {
  /** The audience (resource) the token must be for; with several, any one of them. */
  audience: string | string[];
  /** Allowed `iss` values. Omitted: the v1 or v2 Entra issuer of the token's own `tid`. */
  issuers?: string[];
  /** When set, the token must be issued by this tenant. */
  tenantId?: string;
}

/** The two issuers Entra ID uses for a tenant: v1 (sts.windows.net) and v2 (login.microsoftonline.com). */
export function entraIssuers(tenantId: string): string[] {
  return [`https://sts.windows.net/${tenantId}/`, `https://login.microsoftonline.com/${tenantId}/v2.0`];
}

/** Issuer, then audience, then tenant, on claims whose signature and lifetime are already verified. */
export function checkClaims(claims: TokenClaims, expect: TokenExpectation): VerifyFailure | undefined {
  const issuers = expect.issuers ?? entraIssuers(claims.tid);
  if (!issuers.includes(claims.iss)) {
    return failVerify('issuer', `expected ${showExpected(issuers)}, found ${showValue(claims.iss)}`);
  }
  const audiences = typeof expect.audience === 'string' ? [expect.audience] : expect.audience;
  const found = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
  if (!found.some((aud) => audiences.includes(aud))) {
    return failVerify('audience', `expected ${showExpected(audiences)}, found ${showValue(claims.aud)}`);
  }
  // GUIDs are case-insensitive; the contracts lowercase them but a token may not.
  if (expect.tenantId !== undefined && claims.tid.toLowerCase() !== expect.tenantId.toLowerCase()) {
    return failVerify('tenant', `expected ${expect.tenantId}, found ${claims.tid}`);
  }
  return undefined;
}
