import { encodeBody, keyvaultContract, operationSubject } from '@cmk-testbed/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyvaultUnderTest, startKeyvault } from '../testing/start-keyvault.js';

describe('malformed and hostile requests to keyvault-svc', () => {
  let t: KeyvaultUnderTest;

  beforeAll(async () => {
    t = await startKeyvault();
  }, 60_000);

  afterAll(() => t?.dispose());

  it('answers every operation with a clean 400 for garbage msgpack, wrong types and unknown fields', async () => {
    for (const operation of Object.keys(keyvaultContract.operations)) {
      const subject = operationSubject(keyvaultContract, 'eastus', operation);
      const garbage = await t.runtime.nc.request(subject, new Uint8Array([0xc1, 0xc1, 0xff]), {
        timeout: 5000,
      });
      expect(garbage.headers?.get('Nats-Service-Error-Code'), operation).toBe('400');
      const wrong = await t.runtime.nc.request(
        subject,
        encodeBody({ vault: 42, name: ['x'], unexpected: true }),
        { timeout: 5000 },
      );
      expect(['400'], operation).toContain(wrong.headers?.get('Nats-Service-Error-Code') ?? 'no error');
    }
  });

  it('refuses oversized values and bad names, naming the field', async () => {
    const kv = t.keyvault();
    await expect(
      kv.call('createVault', {
        name: 'x',
        tenantId: '00000000-0000-0000-0000-000000000001',
        location: 'eastus',
      }),
    ).rejects.toMatchObject({
      message: /name: must be 3 to 24 characters/,
    });
    await expect(kv.call('getKey', { vault: 'kv-one', name: 'bad name!' })).rejects.toMatchObject({
      message: /name: letters, digits and - only/,
    });
    await expect(
      kv.call('getKey', { vault: 'kv-one', name: 'k', authorization: 'x'.repeat(20_000) }),
    ).rejects.toMatchObject({ message: /authorization/ });
    await expect(
      kv.call('createKey', { vault: 'kv-one', name: 'k', kty: 'RSA', key_size: 1024 }),
    ).rejects.toMatchObject({ message: /key_size/ });
    await expect(
      kv.call('wrapKey', { vault: 'kv-one', name: 'k', alg: 'RSA-OAEP', value: 'aGVsbG8=' }),
    ).rejects.toMatchObject({
      message: /value: must be bytes/,
    });
  });

  it('keeps serving after all of it', async () => {
    await expect(t.keyvault().health({})).resolves.toMatchObject({ status: 'ok' });
  });
});
