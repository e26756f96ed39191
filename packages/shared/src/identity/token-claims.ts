/**
 * The claims of a verified Entra ID access token. `iss`, `aud`, `tid` and `exp` are always present once a token
 * verifies; the rest depend on the token version (`appid` in v1, `azp` in v2) and the caller's kind
 * (`xms_mirid` only for managed identities).
 */
export interface TokenClaims {
  /** `https://sts.windows.net/<tid>/` (v1) or `https://login.microsoftonline.com/<tid>/v2.0` (v2). */
  iss: string;
  aud: string | string[];
  /** The tenant that issued the token. */
  tid: string;
  /** Expiry, epoch seconds. */
  exp: number;
  /** Issued at, epoch seconds. */
  iat?: number;
  /** Not before, epoch seconds. */
  nbf?: number;
  /** Object id of the calling principal. */
  oid?: string;
  sub?: string;
  /** Client (application) id of the caller in v1 tokens. */
  appid?: string;
  /** Client (application) id of the caller in v2 tokens. */
  azp?: string;
  /** Token version, '1.0' or '2.0' from entra-svc; not checked, so typed as what the issuer put there. */
  ver?: string;
  /** ARM resource id of the managed identity the token was issued to. */
  xms_mirid?: string;
}
