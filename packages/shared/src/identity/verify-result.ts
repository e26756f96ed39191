import type { TokenClaims } from './token-claims.js';
import type { TokenFailure } from './token-failure.js';

/** A refused token: the failed check and a message naming the expected and found values. */
export type VerifyFailure = { ok: false; failure: TokenFailure; message: string };

/** The outcome of verifying one token. */
export type VerifyResult = { ok: true; claims: TokenClaims } | VerifyFailure;

/** A failure whose message starts with its kind, so a log line or a 401 body says which check refused it. */
export function failVerify(failure: TokenFailure, detail: string): VerifyFailure {
  return { ok: false, failure, message: `${failure}: ${detail}` };
}
