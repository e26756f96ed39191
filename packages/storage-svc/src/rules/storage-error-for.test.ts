import { describe, expect, it } from 'vitest';
import { storageErrorFor } from './storage-error-for.js';
import { storageErrorMessages } from './storage-error-messages.js';

const context = { requestId: 'r-1', time: new Date('2026-11-22T05:56:16.000Z') };

describe('storageErrorMessages', () => {
  it('gives every message as one English sentence or more, ending with a full stop and without a line break', () => {
    const bad = Object.entries(storageErrorMessages).filter(
      ([, { message }]) => !/^[A-Z][^\n]*\.$/.test(message),
    );
    expect(bad).toEqual([]);
  });

  it('uses 403 for the three CMK codes, as the common error codes page does', () => {
    const cmk = [
      'KeyVaultEncryptionKeyNotFound',
      'KeyVaultVaultNotFound',
      'KeyVaultAccessTokenCannotBeAcquired',
    ] as const;
    expect(cmk.map((code) => storageErrorMessages[code].status)).toEqual([403, 403, 403]);
  });

  it('has the exact texts Microsoft uses for the CMK codes', () => {
    expect(storageErrorMessages.KeyVaultEncryptionKeyNotFound.message).toBe(
      'The key vault key is not found to unwrap the encryption key.',
    );
    expect(storageErrorMessages.KeyVaultVaultNotFound.message).toBe(
      'The key vault is not found for encryption.',
    );
  });

  it('maps not-found codes to 404 and already-exists codes to 409', () => {
    const mismatched = Object.entries(storageErrorMessages).filter(
      ([code, { status }]) =>
        (code.endsWith('NotFound') && !code.startsWith('KeyVault') && status !== 404) ||
        (code.endsWith('AlreadyExists') && status !== 409),
    );
    expect(mismatched).toEqual([]);
  });
});

describe('storageErrorFor', () => {
  it('stamps the documented status and message with the request id and time', () => {
    expect(storageErrorFor('KeyVaultEncryptionKeyNotFound', context)).toEqual({
      status: 403,
      code: 'KeyVaultEncryptionKeyNotFound',
      message:
        'The key vault key is not found to unwrap the encryption key.\nRequestId:r-1\nTime:2026-11-22T05:56:16.0000000Z',
    });
  });
});
