/**
 * Fetching a tenant's JWKS failed. Callers should treat it as the identity service being unavailable (a 5xx),
 * not as a bad token: the token may be perfectly valid.
 */
export class JwksFetchError extends Error {
  override readonly name = 'JwksFetchError';

  constructor(
    readonly tenantId: string,
    cause: unknown,
  ) {
    super(
      `could not fetch the JWKS of tenant ${tenantId}: ${cause instanceof Error ? cause.message : cause}`,
      {
        cause,
      },
    );
  }
}
