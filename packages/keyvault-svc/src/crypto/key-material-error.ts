/**
 * Bad input when creating or importing key material. `field` is the wire name of the offending field
 * (`n`, `crv`, `keySize`, ...) so the service can tell the caller exactly what to fix.
 */
export class KeyMaterialError extends Error {
  override readonly name = 'KeyMaterialError';
  readonly field: string;
  readonly reason: string;

  constructor(field: string, reason: string, options?: ErrorOptions) {
    super(`Invalid key field '${field}': ${reason}`, options);
    this.field = field;
    this.reason = reason;
  }
}
