/**
 * Why a token was refused, in the order the verifier checks: the first failing check is the one reported.
 * Only 'malformed' and 'signature' mean the token cannot be trusted at all; the others are about a genuine token
 * used at the wrong time, place or audience.
 */
export const tokenFailures = {
  malformed: 'malformed',
  signature: 'signature',
  expired: 'expired',
  notBefore: 'not-before',
  issuer: 'issuer',
  audience: 'audience',
  tenant: 'tenant',
} as const;

/** One of {@link tokenFailures}. */
export type TokenFailure = (typeof tokenFailures)[keyof typeof tokenFailures];
