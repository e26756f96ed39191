import { encodeBody, entraContract, operationSubject } from '@cmk-testbed/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EntraUnderTest, startEntra } from '../testing/start-entra.js';

describe('malformed requests to entra-svc', () => {
  let t: EntraUnderTest;

  beforeAll(async () => {
    t = await startEntra();
  });

  afterAll(() => t?.dispose());

  it('answers wrong types and missing fields with a 400 naming each field', async () => {
    await expect(t.entra.call('createSubscription', { tenantId: 42 })).rejects.toMatchObject({
      status: 400,
      code: 'InvalidInput',
      message: expect.stringMatching(/tenantId: .*expected string.*displayName: .*expected string/),
    });
    await expect(t.entra.call('getTenant', { tenantId: 'not-a-guid' })).rejects.toMatchObject({
      message: /tenantId: must be a GUID/,
    });
    await expect(
      t.entra.call('getManagedIdentityToken', { resourceId: '/subscriptions/x', resource: 'r' }),
    ).rejects.toMatchObject({
      message: /resourceId: must be an ARM resource id/,
    });
    await expect(
      t.entra.call('getManagedIdentityToken', {
        resourceId:
          '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a',
        resource: 'https://vault.azure.net',
        identity: {
          clientId: '00000000-0000-0000-0000-000000000001',
          principalId: '00000000-0000-0000-0000-000000000002',
        },
      }),
    ).rejects.toMatchObject({
      message: /identity: give at most one of clientId, principalId and identityId/,
    });
    await expect(
      t.entra.call('token', {
        tenantId: '00000000-0000-0000-0000-000000000001',
        grant_type: 'password',
        client_id: 'a',
        scope: 's',
      }),
    ).rejects.toMatchObject({
      message: /grant_type: /,
    });
  });

  it('answers garbage bytes, huge fields and unknown fields cleanly, and keeps serving', async () => {
    const subject = operationSubject(entraContract, 'global', 'createTenant');
    const garbage = await t.runtime.nc.request(subject, new Uint8Array([0xc1, 0x00, 0xff, 0x13]), {
      timeout: 2000,
    });
    expect(garbage.headers?.get('Nats-Service-Error-Code')).toBe('400');
    const huge = await t.runtime.nc.request(subject, encodeBody({ displayName: 'x'.repeat(300_000) }), {
      timeout: 2000,
    });
    expect(huge.headers?.get('Nats-Service-Error-Code')).toBe('400');
    await expect(t.entra.call('createTenant', { displayName: 'ok', isAdmin: true })).rejects.toMatchObject({
      message: /isAdmin/,
    });
    await expect(t.entra.createTenant({ displayName: 'still serving' })).resolves.toMatchObject({
      displayName: 'still serving',
    });
  });
});
