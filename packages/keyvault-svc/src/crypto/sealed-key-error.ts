/**
 * A sealed private key could not be opened. This is never the caller's fault (wrong master key, wrong key id
 * as AAD, or altered storage), so it is its own class: the service must report it as an internal error, not
 * as a 400 like {@link KeyMaterialError}.
 */
export class SealedKeyError extends Error {
  override readonly name = 'SealedKeyError';
}
