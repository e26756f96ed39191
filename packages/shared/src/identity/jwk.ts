/**
 * An RSA signing key as entra-svc publishes it in a tenant's JWKS. Structurally identical to the contract's
 * zod-inferred `Jwk`, so the contract's `getJwks` reply can be passed straight in.
 */
export type Jwk = {
  kty: 'RSA';
  use: 'sig';
  alg: 'RS256';
  kid: string;
  n: string;
  e: string;
};
