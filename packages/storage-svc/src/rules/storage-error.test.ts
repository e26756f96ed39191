import { AzureError } from '@cmk-testbed/shared';
import { describe, expect, it } from 'vitest';
import { formatStorageErrorTime, storageError } from './storage-error.js';

const context = {
  requestId: 'ada9462b-101e-001b-56e1-6b45f9000000',
  time: new Date('2026-11-22T05:56:16.123Z'),
};

describe('formatStorageErrorTime', () => {
  it('writes UTC with seven fractional digits like Azure', () => {
    expect(formatStorageErrorTime(new Date('2026-11-22T05:56:16.123Z'))).toBe('2026-11-22T05:56:16.1230000Z');
  });

  it('keeps leading zeros of the milliseconds', () => {
    expect(formatStorageErrorTime(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 7)))).toBe(
      '2026-01-02T03:04:05.0070000Z',
    );
  });
});

describe('storageError', () => {
  it('appends RequestId and Time on their own lines, exactly as Azure does', () => {
    const error = storageError(404, 'BlobNotFound', 'The specified blob does not exist.', context);
    expect(error).toEqual({
      status: 404,
      code: 'BlobNotFound',
      message:
        'The specified blob does not exist.\nRequestId:ada9462b-101e-001b-56e1-6b45f9000000\nTime:2026-11-22T05:56:16.1230000Z',
    });
  });

  it('matches the layout of a recorded Azure response', () => {
    const { message } = storageError(404, 'BlobNotFound', 'The specified blob does not exist.', context);
    expect(message).toMatch(
      /^The specified blob does not exist\.\nRequestId:[0-9a-f-]{36}\nTime:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/,
    );
  });

  it('carries the cause only when one is given', () => {
    const cause = {
      status: 403,
      code: 'Forbidden',
      innerCode: 'KeyDisabled',
      message: 'Operation unwrapKey is not allowed on a disabled key.',
    };
    const withCause = storageError(403, 'KeyVaultEncryptionKeyNotFound', 'x', { ...context, cause });
    expect(withCause.cause).toBe(cause);
    expect('cause' in storageError(403, 'KeyVaultEncryptionKeyNotFound', 'x', context)).toBe(false);
  });

  it('builds a body the shared AzureError accepts unchanged', () => {
    const body = storageError(503, 'ServerBusy', 'busy', context);
    const error = new AzureError(body);
    expect([error.status, error.code, error.message]).toEqual([503, 'ServerBusy', body.message]);
  });
});
