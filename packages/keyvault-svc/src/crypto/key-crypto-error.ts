/**
 * Codes a crypto operation can fail with. Key Vault answers every caller mistake in wrap/unwrap/sign with
 * HTTP 400 `BadParameter`, so that is the only code; the set stays an object so the service layer can map it.
 */
export const KeyCryptoErrorCode = {
  BadParameter: 'BadParameter',
} as const;

export type KeyCryptoErrorCode = (typeof KeyCryptoErrorCode)[keyof typeof KeyCryptoErrorCode];

/** A caller mistake in a key operation (bad algorithm, size, digest or ciphertext). Maps to HTTP 400. */
export class KeyCryptoError extends Error {
  override readonly name = 'KeyCryptoError';
  readonly code: KeyCryptoErrorCode;

  constructor(code: KeyCryptoErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
