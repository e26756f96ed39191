import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type NatsServerHandle, startNatsServer } from '../testing/nats-server.js';
import { encodeKeyPart, KvDocuments, openStateBucket } from './kv-documents.js';
import { KvMirror } from './kv-mirror.js';

const doc = z.object({ name: z.string(), count: z.number() });

describe('KvDocuments over a real JetStream KV bucket', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  let docs: KvDocuments<z.output<typeof doc>>;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    docs = new KvDocuments(await openStateBucket(nc, 'test-docs'), 'thing', doc);
  });

  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  it('opens state buckets whose reads the stream leader answers, never a lagging replica (no direct get)', async () => {
    await openStateBucket(nc, 'test-strict', 1, { ttlMs: 60_000 });
    const info = await (await nc.jetstreamManager()).streams.info('KV_test-strict');
    expect(info.config).toMatchObject({ allow_direct: false, max_msgs_per_subject: 1 });
    expect(info.config.max_age).toBe(60_000 * 1_000_000);
  });

  it('stores documents under ids of any shape, ARM ids included', async () => {
    const id =
      '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg.1/providers/Microsoft.Storage/storageAccounts/acct';
    expect(await docs.create(id, { name: 'a', count: 1 })).toBe(true);
    expect(await docs.create(id, { name: 'again', count: 9 })).toBe(false);
    expect((await docs.get(id))?.value).toEqual({ name: 'a', count: 1 });
    expect(encodeKeyPart(id)).toMatch(/^[A-Za-z0-9_-]+$/);
    // An id too long for a NATS subject is stored under its hash: bounded, and distinct from its neighbours.
    const long = 'x'.repeat(3000);
    expect(encodeKeyPart(long)).toMatch(/^=[A-Za-z0-9_-]{43}$/);
    expect(encodeKeyPart(long)).not.toBe(encodeKeyPart(`${long}y`));
    expect(await docs.get(long)).toBeUndefined();
    await docs.put(long, { name: 'long', count: 2 });
    expect((await docs.get(long))?.value.count).toBe(2);
    await docs.delete(long);
  });

  it('applies every one of many concurrent read-modify-writes', async () => {
    await docs.put('counter', { name: 'c', count: 0 });
    await Promise.all(
      Array.from({ length: 10 }, () =>
        docs.mutate('counter', (c) => ({ name: 'c', count: (c?.count ?? 0) + 1 })),
      ),
    );
    expect((await docs.get('counter'))?.value.count).toBe(10);
  });

  it('deletes through mutate and lists what is left', async () => {
    await docs.put('gone', { name: 'g', count: 0 });
    await docs.mutate('gone', () => undefined);
    expect(await docs.get('gone')).toBeUndefined();
    expect((await docs.list()).map((d) => d.name).sort()).toEqual(['a', 'c']);
  });

  it('refuses to store a document that breaks its schema', async () => {
    await expect(docs.put('bad', { name: 'x', count: 'many' } as never)).rejects.toThrow(/count/);
  });
});

describe('KvDocuments reading from a KvMirror', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  let other: NatsConnection;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    other = await connect({ servers: server.url });
  });

  afterAll(async () => {
    await nc?.close();
    await other?.close();
    await server?.stop();
  });

  it("reads its own writes at once and other processes' writes within moments, deletes and recreations included", async () => {
    const kv = await openStateBucket(nc, 'mirror-docs');
    const mirror = await KvMirror.start(kv);
    try {
      const mirrored = new KvDocuments(kv, 'thing', doc, mirror);
      const direct = new KvDocuments(await openStateBucket(other, 'mirror-docs'), 'thing', doc);
      await mirrored.put('a', { name: 'a', count: 1 });
      expect((await mirrored.get('a'))?.value.count).toBe(1);
      await direct.put('a', { name: 'a', count: 2 });
      await expect.poll(async () => (await mirrored.get('a'))?.value.count).toBe(2);
      await mirrored.delete('a');
      expect(await mirrored.get('a')).toBeUndefined();
      await mirrored.put('a', { name: 'a', count: 3 });
      expect((await mirrored.get('a'))?.value.count).toBe(3);
      await direct.put('b', { name: 'b', count: 1 });
      await expect.poll(async () => (await mirrored.list()).map((d) => d.name).sort()).toEqual(['a', 'b']);
    } finally {
      mirror.stop();
    }
  });

  it('lets a follower see every document there is, then every change from any process, until it stops', async () => {
    const kv = await openStateBucket(nc, 'mirror-follow');
    const direct = new KvDocuments(await openStateBucket(other, 'mirror-follow'), 'thing', doc);
    await direct.put('old', { name: 'old', count: 1 });
    const mirror = await KvMirror.start(kv);
    try {
      const seen: [string, unknown][] = [];
      const stop = mirror.follow((key, value) => seen.push([key, value]));
      expect(seen).toEqual([['thing.b2xk', { name: 'old', count: 1 }]]);
      await direct.put('new', { name: 'new', count: 2 });
      await direct.delete('old');
      await expect
        .poll(() => seen.slice(1))
        .toEqual([
          ['thing.bmV3', { name: 'new', count: 2 }],
          ['thing.b2xk', undefined],
        ]);
      stop();
      await direct.put('late', { name: 'late', count: 3 });
      await mirror.sync();
      expect(seen).toHaveLength(3);
    } finally {
      mirror.stop();
    }
  });

  it('sees a document another process just created, in get and in list, without waiting for the watch', async () => {
    const kv = await openStateBucket(nc, 'mirror-fresh');
    const mirror = await KvMirror.start(kv);
    try {
      const mirrored = new KvDocuments(kv, 'thing', doc, mirror);
      const direct = new KvDocuments(await openStateBucket(other, 'mirror-fresh'), 'thing', doc);
      for (let i = 0; i < 20; i++) {
        // Read straight after the other connection's write is acknowledged: no polling.
        await direct.put(`n${i}`, { name: `n${i}`, count: i });
        expect((await mirrored.get(`n${i}`))?.value.count).toBe(i);
        await direct.put(`m${i}`, { name: `m${i}`, count: i });
        expect((await mirrored.list()).map((d) => d.name)).toContain(`m${i}`);
      }
    } finally {
      mirror.stop();
    }
  });

  it('reads a change another process just made with getFresh, and mutates from it, without waiting for the watch', async () => {
    const kv = await openStateBucket(nc, 'mirror-changed');
    const mirror = await KvMirror.start(kv);
    try {
      const mirrored = new KvDocuments(kv, 'thing', doc, mirror);
      const direct = new KvDocuments(await openStateBucket(other, 'mirror-changed'), 'thing', doc);
      await mirrored.put('a', { name: 'a', count: 0 });
      for (let i = 1; i <= 20; i++) {
        await direct.put('a', { name: 'a', count: i * 10 });
        expect((await mirrored.getFresh('a'))?.value.count).toBe(i * 10);
        await direct.put('a', { name: 'a', count: i * 10 + 1 });
        const next = await mirrored.mutate('a', (current) => ({ name: 'a', count: current!.count + 1 }));
        expect(next?.count).toBe(i * 10 + 2);
      }
    } finally {
      mirror.stop();
    }
  });
});
