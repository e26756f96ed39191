import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmkAccount } from '../testing/cmk-account.js';
import { cmkWorld, setKeyEnabled } from '../testing/cmk-world.js';
import { type StorageUnderTest, startStorage } from '../testing/start-storage.js';

describe('Queue and Table data: covered by the CMK only with keyType Account', () => {
  let t: StorageUnderTest;
  let world: Awaited<ReturnType<typeof cmkWorld>>;

  const revoke = (enabled: boolean) => setKeyEnabled(t.keyvault, (ms) => t.advance(ms), world, enabled);

  const create = (name: string, keyType: 'Account' | 'Service') =>
    t.storage.createAccount(cmkAccount(world, name, { keyType }));

  beforeAll(async () => {
    t = await startStorage();
    world = await cmkWorld(t.entra, t.keyvault, 'qt');
    for (const [name, keyType] of [
      ['accountkeys', 'Account'],
      ['servicekeys', 'Service'],
    ] as const) {
      const account = await create(name, keyType);
      expect(account.properties.encryption.services.queue.keyType).toBe(keyType);
      await t.storage.createQueue({ account: name, queue: 'jobs' });
      await t.storage.createTable({ account: name, table: 'people' });
    }
  }, 90_000);

  afterAll(() => t?.dispose());

  it('keeps queue semantics: visibility on the testbed clock, dequeue counts, pop receipts', async () => {
    const q = { account: 'accountkeys', queue: 'jobs' };
    await t.storage.putMessage({ ...q, text: 'first' });
    await t.storage.putMessage({ ...q, text: 'second' });
    const [got] = (await t.storage.getMessages({ ...q, visibilitytimeout: 30 })).messages;
    expect(got).toMatchObject({ messageText: 'first', dequeueCount: 1 });
    expect(
      (await t.storage.peekMessages({ ...q, numofmessages: 32 })).messages.map((m) => m.messageText),
    ).toEqual(['second']);
    await t.advance(31_000);
    const again = (await t.storage.getMessages({ ...q, numofmessages: 32 })).messages;
    expect(again.map((m) => [m.messageText, m.dequeueCount])).toEqual([
      ['first', 2],
      ['second', 1],
    ]);
    await expect(
      t.storage.deleteMessage({ ...q, messageId: got!.messageId, popReceipt: got!.popReceipt }),
    ).rejects.toMatchObject({ status: 404 });
    for (const m of again)
      await t.storage.deleteMessage({ ...q, messageId: m.messageId, popReceipt: m.popReceipt });
    expect((await t.storage.peekMessages({ ...q, numofmessages: 32 })).messages).toEqual([]);
  });

  it('keeps table semantics: unique keys, query by partition', async () => {
    const tb = { account: 'accountkeys', table: 'people' };
    await t.storage.insertEntity({
      ...tb,
      partitionKey: 'eu',
      rowKey: '1',
      properties: { name: 'Ada', age: 36 },
    });
    await t.storage.insertEntity({ ...tb, partitionKey: 'us', rowKey: '1', properties: { name: 'Grace' } });
    await expect(t.storage.insertEntity({ ...tb, partitionKey: 'eu', rowKey: '1' })).rejects.toMatchObject({
      status: 409,
      code: 'EntityAlreadyExists',
    });
    expect((await t.storage.getEntity({ ...tb, partitionKey: 'eu', rowKey: '1' })).properties).toEqual({
      name: 'Ada',
      age: 36,
    });
    expect(
      (await t.storage.queryEntities({ ...tb, partitionKey: 'us' })).value.map((e) => e.properties.name),
    ).toEqual(['Grace']);
  });

  it('while the key is revoked: keyType Account data fails, keyType Service data and deletes proceed', async () => {
    for (const account of ['accountkeys', 'servicekeys']) {
      await t.storage.putMessage({ account, queue: 'jobs', text: 'before' });
      await t.storage.insertEntity({
        account,
        table: 'people',
        partitionKey: 'p',
        rowKey: 'before',
        properties: { v: 1 },
      });
    }
    const [toDelete] = (await t.storage.getMessages({ account: 'accountkeys', queue: 'jobs' })).messages;
    await revoke(false);
    try {
      const a = { account: 'accountkeys' };
      for (const call of [
        () => t.storage.putMessage({ ...a, queue: 'jobs', text: 'x' }),
        () => t.storage.getMessages({ ...a, queue: 'jobs' }),
        () => t.storage.peekMessages({ ...a, queue: 'jobs' }),
        () => t.storage.insertEntity({ ...a, table: 'people', partitionKey: 'p', rowKey: 'x' }),
        () => t.storage.getEntity({ ...a, table: 'people', partitionKey: 'p', rowKey: 'before' }),
        () => t.storage.queryEntities({ ...a, table: 'people' }),
      ]) {
        await expect(call()).rejects.toMatchObject({ status: 403, code: 'KeyVaultEncryptionKeyNotFound' });
      }
      await t.storage.deleteMessage({
        ...a,
        queue: 'jobs',
        messageId: toDelete!.messageId,
        popReceipt: toDelete!.popReceipt,
      });
      await t.storage.deleteEntity({ ...a, table: 'people', partitionKey: 'p', rowKey: 'before' });
      await t.storage.createQueue({ ...a, queue: 'more' });
      const s = { account: 'servicekeys' };
      await expect(t.storage.putMessage({ ...s, queue: 'jobs', text: 'during' })).resolves.toBeDefined();
      expect(
        (await t.storage.peekMessages({ ...s, queue: 'jobs', numofmessages: 32 })).messages.map(
          (m) => m.messageText,
        ),
      ).toEqual(['before', 'during']);
      expect(
        (await t.storage.getEntity({ ...s, table: 'people', partitionKey: 'p', rowKey: 'before' }))
          .properties,
      ).toEqual({ v: 1 });
    } finally {
      await revoke(true);
    }
  });

  it('fixes keyType at creation', async () => {
    await expect(
      t.storage.updateAccount({
        name: 'servicekeys',
        properties: {
          encryption: { keySource: 'Microsoft.Storage', services: { queue: { keyType: 'Account' } } },
        },
      }),
    ).rejects.toMatchObject({
      status: 400,
      message: /encryption\.services\.queue\.keyType: can only be set when the account is created/,
    });
  });
});
