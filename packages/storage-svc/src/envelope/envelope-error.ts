/**
 * Why an envelope operation refused its input. A closed set so handlers can map each reason to one Azure
 * answer (an authentication failure on stored bytes is corruption or tampering: a 500, never a 403).
 */
export const EnvelopeErrorReason = {
  /** A key is not 32 bytes: a caller bug, never stored data. */
  invalidKey: 'invalid-key',
  /** Stored bytes have the wrong size or shape for their format. */
  malformed: 'malformed',
  /** The version byte names a format this build does not know. */
  unsupportedVersion: 'unsupported-version',
  /**
   * AES-GCM rejected the tag. GCM cannot tell a wrong key from tampered bytes or a wrong binding (account id,
   * object id, chunk index), so neither can we.
   */
  authenticationFailed: 'authentication-failed',
  /** A chunk needed for a range was not supplied. */
  missingChunk: 'missing-chunk',
} as const;

export type EnvelopeErrorReason = (typeof EnvelopeErrorReason)[keyof typeof EnvelopeErrorReason];

/** Which envelope layer failed, so the message and logs say what was being opened. */
export type EnvelopeSubject = 'account-key' | 'data-key' | 'content' | 'metadata';

/** An envelope operation failed; `reason` is machine-readable, the message is for people. */
export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';

  constructor(
    readonly reason: EnvelopeErrorReason,
    readonly subject: EnvelopeSubject,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${subject}: ${reason}: ${detail}`, options);
  }
}
