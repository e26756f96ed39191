import { encodeBody, operationSubject, storageContract } from '@cmk-testbed/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mmkSubscription } from '../testing/mmk-subscription.js';
import { type StorageUnderTest, startStorage } from '../testing/start-storage.js';

describe('bad input to a storage node gets Azure-shaped 400s', () => {
  let t: StorageUnderTest;

  beforeAll(async () => {
    t = await startStorage();
    const subscriptionId = await mmkSubscription(t.entra, 'bad');
    await t.storage.createAccount({ name: 'badinput', subscriptionId, location: 'eastus' });
    await t.storage.createContainer({ account: 'badinput', container: 'data' });
    await t.storage.putBlob({ account: 'badinput', container: 'data', blob: 'b', body: 'twelve bytes' });
  }, 90_000);

  afterAll(() => t?.dispose());

  it('names the bad field: account, container and blob names, metadata', async () => {
    await expect(t.storage.call('getAccount', { name: 'Bad_Name' })).rejects.toMatchObject({
      status: 400,
      message: /name: lowercase letters and digits only/,
    });
    await expect(
      t.storage.createContainer({ account: 'badinput', container: 'Has--Caps' }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'InvalidResourceName',
      message: /^container: /,
    });
    await expect(
      t.storage.putBlob({ account: 'badinput', container: 'data', blob: 'ends-with-dot.', body: 'x' }),
    ).rejects.toMatchObject({
      code: 'InvalidResourceName',
    });
    await expect(
      t.storage.putBlob({
        account: 'badinput',
        container: 'data',
        blob: 'm',
        body: 'x',
        metadata: { 'not valid': 'x' },
      }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'InvalidMetadata',
    });
  });

  it('answers 404 for what does not exist and 409 for what already does', async () => {
    await expect(
      t.storage.getBlob({ account: 'badinput', container: 'data', blob: 'missing' }),
    ).rejects.toMatchObject({ status: 404, code: 'BlobNotFound' });
    await expect(
      t.storage.getBlob({ account: 'badinput', container: 'nothere', blob: 'b' }),
    ).rejects.toMatchObject({ status: 404, code: 'ContainerNotFound' });
    await expect(t.storage.createContainer({ account: 'badinput', container: 'data' })).rejects.toMatchObject(
      { status: 409, code: 'ContainerAlreadyExists' },
    );
    await expect(t.storage.getAccount({ name: 'nosuchaccount' })).rejects.toMatchObject({ status: 404 });
  });

  it('refuses ranges outside the blob (416 InvalidRange) and unknown fields', async () => {
    await expect(
      t.storage.getBlob({ account: 'badinput', container: 'data', blob: 'b', range: { start: 12 } }),
    ).rejects.toMatchObject({
      status: 416,
      code: 'InvalidRange',
    });
    await expect(
      t.storage.call('putBlob', {
        account: 'badinput',
        container: 'data',
        blob: 'b',
        body: 'x',
        tier: 'Cool',
      }),
    ).rejects.toMatchObject({
      status: 400,
      message: /tier/,
    });
  });

  it('answers garbage and oversized requests cleanly on every operation, and keeps serving', async () => {
    for (const operation of Object.keys(storageContract.operations)) {
      const subject = operationSubject(storageContract, 'eastus', operation);
      const reply = await t.runtime.nc.request(subject, new Uint8Array([0xc1, 0x00]), { timeout: 5000 });
      expect(reply.headers?.get('Nats-Service-Error-Code'), operation).toBe('400');
    }
    const huge = await t.runtime.nc
      .request(
        operationSubject(storageContract, 'eastus', 'putBlob'),
        encodeBody({ account: 'badinput', container: 'data', blob: 'x'.repeat(2000), body: 'x' }),
        { timeout: 5000 },
      )
      .then((m) => m.headers?.get('Nats-Service-Error-Code'));
    expect(huge).toBe('400');
    await expect(
      t.storage.getBlob({ account: 'badinput', container: 'data', blob: 'b' }),
    ).resolves.toBeDefined();
  });
});
