import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newAccountKey, unwrapWithPlatformKey, wrapWithPlatformKey } from './account-key.js';
import { EnvelopeError, EnvelopeErrorReason } from './envelope-error.js';

const accountId = 'acct-0001';

function failure(run: () => unknown): EnvelopeError {
  try {
    run();
  } catch (error) {
    if (error instanceof EnvelopeError) return error;
    throw error;
  }
  throw new Error('expected an EnvelopeError, nothing was thrown');
}

describe('account encryption key wrapped by the platform key', () => {
  it('is 32 random bytes, different every time', () => {
    const a = newAccountKey();
    expect(a).toHaveLength(32);
    expect(a.equals(newAccountKey())).toBe(false);
  });

  it('round-trips as a 61-byte version | nonce | tag | ciphertext buffer', () => {
    const aek = newAccountKey();
    const platformKey = randomBytes(32);
    const wrapped = wrapWithPlatformKey(aek, platformKey, accountId);
    expect(wrapped).toHaveLength(1 + 12 + 16 + 32);
    expect(wrapped[0]).toBe(1);
    expect(wrapped.includes(aek)).toBe(false);
    expect(unwrapWithPlatformKey(wrapped, platformKey, accountId).equals(aek)).toBe(true);
  });

  it('wraps the same key differently each time', () => {
    const aek = newAccountKey();
    const platformKey = randomBytes(32);
    const a = wrapWithPlatformKey(aek, platformKey, accountId);
    expect(a.equals(wrapWithPlatformKey(aek, platformKey, accountId))).toBe(false);
  });

  it('refuses a wrong platform key', () => {
    const wrapped = wrapWithPlatformKey(newAccountKey(), randomBytes(32), accountId);
    const error = failure(() => unwrapWithPlatformKey(wrapped, randomBytes(32), accountId));
    expect(error.reason).toBe(EnvelopeErrorReason.authenticationFailed);
    expect(error.subject).toBe('account-key');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('refuses a wrapped key copied onto another account', () => {
    const platformKey = randomBytes(32);
    const wrapped = wrapWithPlatformKey(newAccountKey(), platformKey, accountId);
    expect(failure(() => unwrapWithPlatformKey(wrapped, platformKey, 'acct-0002')).reason).toBe(
      EnvelopeErrorReason.authenticationFailed,
    );
  });

  it('detects a flipped bit anywhere in the wrapped form', () => {
    const platformKey = randomBytes(32);
    const wrapped = wrapWithPlatformKey(newAccountKey(), platformKey, accountId);
    for (let at = 0; at < wrapped.length; at++) {
      const tampered = Buffer.from(wrapped);
      tampered[at]! ^= 0x01;
      const expected =
        at === 0 ? EnvelopeErrorReason.unsupportedVersion : EnvelopeErrorReason.authenticationFailed;
      expect(
        failure(() => unwrapWithPlatformKey(tampered, platformKey, accountId)).reason,
        `byte ${at}`,
      ).toBe(expected);
    }
  });

  it('refuses a truncated or extended wrapped form', () => {
    const platformKey = randomBytes(32);
    const wrapped = wrapWithPlatformKey(newAccountKey(), platformKey, accountId);
    expect(failure(() => unwrapWithPlatformKey(wrapped.subarray(0, 20), platformKey, accountId)).reason).toBe(
      EnvelopeErrorReason.malformed,
    );
    expect(failure(() => unwrapWithPlatformKey(wrapped.subarray(0, 60), platformKey, accountId)).reason).toBe(
      EnvelopeErrorReason.authenticationFailed,
    );
    const extended = Buffer.concat([wrapped, Buffer.of(0)]);
    expect(failure(() => unwrapWithPlatformKey(extended, platformKey, accountId)).reason).toBe(
      EnvelopeErrorReason.authenticationFailed,
    );
  });

  it('names the bad key when a key is not 32 bytes', () => {
    const error = failure(() => wrapWithPlatformKey(newAccountKey(), randomBytes(16), accountId));
    expect(error.reason).toBe(EnvelopeErrorReason.invalidKey);
    expect(error.message).toContain('platform key');
    expect(failure(() => wrapWithPlatformKey(randomBytes(31), randomBytes(32), accountId)).message).toContain(
      'account encryption key',
    );
  });
});
