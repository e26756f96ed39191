import { AzureError } from '@cmk-testbed/shared';
import { describe, expect, it } from 'vitest';
import { ignoreNotFound } from './azure-errors.js';

const refusal = (status: number) => new AzureError({ status, code: `Status${status}`, message: 'refused' });

describe('ignoreNotFound', () => {
  it('answers what the call answers', async () => {
    expect(await ignoreNotFound(Promise.resolve({ name: 'kv1' }))).toEqual({ name: 'kv1' });
  });

  it('answers undefined when what the call names is gone (404)', async () => {
    expect(await ignoreNotFound(Promise.reject(refusal(404)))).toBeUndefined();
  });

  it('still throws any other refusal or error', async () => {
    await expect(ignoreNotFound(Promise.reject(refusal(403)))).rejects.toMatchObject({ status: 403 });
    await expect(ignoreNotFound(Promise.reject(new Error('bus down')))).rejects.toThrow('bus down');
  });
});
