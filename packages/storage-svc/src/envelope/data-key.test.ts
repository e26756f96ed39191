import { describe, expect, it } from 'vitest';
import { newAccountKey, unwrapWithPlatformKey } from './account-key.js';
import { newDataKey, unwrapDataKey, wrapDataKey } from './data-key.js';
import { EnvelopeError, EnvelopeErrorReason } from './envelope-error.js';

const objectId = 'obj-7f3a';

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof EnvelopeError) return error.reason;
    throw error;
  }
  throw new Error('expected an EnvelopeError, nothing was thrown');
}

describe('data key wrapped by the account encryption key', () => {
  it('is 32 random bytes, different for every object', () => {
    expect(newDataKey()).toHaveLength(32);
    expect(newDataKey().equals(newDataKey())).toBe(false);
  });

  it('round-trips, and does not contain the key in clear', () => {
    const aek = newAccountKey();
    const dataKey = newDataKey();
    const wrapped = wrapDataKey(dataKey, aek, objectId);
    expect(wrapped).toHaveLength(61);
    expect(wrapped.includes(dataKey)).toBe(false);
    expect(unwrapDataKey(wrapped, aek, objectId).equals(dataKey)).toBe(true);
  });

  it('refuses a wrong account key', () => {
    const wrapped = wrapDataKey(newDataKey(), newAccountKey(), objectId);
    expect(reasonOf(() => unwrapDataKey(wrapped, newAccountKey(), objectId))).toBe(
      EnvelopeErrorReason.authenticationFailed,
    );
  });

  it('refuses a wrapped key moved to another object', () => {
    const aek = newAccountKey();
    const wrapped = wrapDataKey(newDataKey(), aek, objectId);
    expect(reasonOf(() => unwrapDataKey(wrapped, aek, 'obj-other'))).toBe(
      EnvelopeErrorReason.authenticationFailed,
    );
  });

  it('detects a flipped bit in the wrapped key', () => {
    const aek = newAccountKey();
    const wrapped = wrapDataKey(newDataKey(), aek, objectId);
    wrapped[40]! ^= 0x80;
    expect(reasonOf(() => unwrapDataKey(wrapped, aek, objectId))).toBe(
      EnvelopeErrorReason.authenticationFailed,
    );
  });

  it('cannot be opened as an account key wrapped for an account of the same name', () => {
    // Same key, same id string, different domain label: the two wrapped forms must not be interchangeable.
    const aek = newAccountKey();
    const wrapped = wrapDataKey(newDataKey(), aek, objectId);
    expect(reasonOf(() => unwrapWithPlatformKey(wrapped, aek, objectId))).toBe(
      EnvelopeErrorReason.authenticationFailed,
    );
  });
});
