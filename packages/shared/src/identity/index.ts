export type { TokenExpectation } from './check-claims.js';
export { JwksCache, type JwksCacheOptions } from './jwks-cache.js';
export { JwksFetchError } from './jwks-fetch-error.js';
export type { TokenClaims } from './token-claims.js';
export { type TokenFailure, tokenFailures } from './token-failure.js';
export type { VerifyFailure, VerifyResult } from './verify-result.js';
export { createTokenVerifier, type TokenVerifier, type TokenVerifierOptions } from './verify-token.js';
