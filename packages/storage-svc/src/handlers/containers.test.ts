import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmkAccount } from '../testing/cmk-account.js';
import { cmkWorld } from '../testing/cmk-world.js';
import { type StorageUnderTest, startStorage } from '../testing/start-storage.js';

const account = 'containersacct';
const hour = 3_600_000;

describe('container and blob data semantics: ETags, Last-Modified, listing, container lifecycle', () => {
  let t: StorageUnderTest;

  beforeAll(async () => {
    t = await startStorage();
    const world = await cmkWorld(t.entra, t.keyvault, 'containers');
    await t.storage.createAccount(cmkAccount(world, account));
  }, 90_000);

  afterAll(() => t?.dispose());

  /**
   * Runs a write and checks its Last-Modified: RFC 1123 (whole seconds, as Azure sends it) and within the
   * testbed-clock interval of the call.
   */
  const written = async <R extends { lastModified: string }>(write: () => Promise<R>): Promise<R> => {
    const before = Math.floor(t.runtime.clock.now() / 1000) * 1000;
    const reply = await write();
    expect(reply.lastModified).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(Date.parse(reply.lastModified)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(reply.lastModified)).toBeLessThanOrEqual(t.runtime.clock.now());
    return reply;
  };

  it('gives a blob a new ETag on every write and Last-Modified from the testbed clock', async () => {
    await t.storage.createContainer({ account, container: 'etags' });
    const ref = { account, container: 'etags', blob: 'b' };
    const etags: string[] = [];
    const first = await written(() => t.storage.putBlob({ ...ref, body: 'one' }));
    etags.push(first.etag);

    await t.advance(hour);
    const second = await written(() => t.storage.putBlob({ ...ref, body: 'two' }));
    etags.push(second.etag);
    expect(Date.parse(second.lastModified) - Date.parse(first.lastModified)).toBeGreaterThanOrEqual(hour);

    await t.advance(hour);
    const meta = await written(() => t.storage.setBlobMetadata({ ...ref, metadata: { k: 'v' } }));
    etags.push(meta.etag);

    await t.advance(hour);
    const props = await written(() => t.storage.setBlobProperties({ ...ref, contentType: 'text/plain' }));
    etags.push(props.etag);

    expect(new Set(etags).size).toBe(etags.length);
    for (const etag of etags) expect(etag).toMatch(/^"0x[0-9A-F]+"$/);
    // Reads report the last write's ETag and time, and do not change them.
    const read = await t.storage.getBlobProperties(ref);
    expect(read.properties).toMatchObject({ etag: props.etag, lastModified: props.lastModified });
    expect((await t.storage.getBlob(ref)).properties.etag).toBe(props.etag);
    expect((await t.storage.getBlobMetadata(ref)).etag).toBe(props.etag);
  });

  it('reports container properties and replaces (not merges) container metadata with a new ETag', async () => {
    const created = await t.storage.createContainer({
      account,
      container: 'props',
      metadata: { owner: 'team-a', tier: 'gold' },
    });
    const read = await t.storage.getContainerProperties({ account, container: 'props' });
    expect(read).toEqual({
      name: 'props',
      properties: { etag: created.properties.etag, lastModified: created.properties.lastModified },
      metadata: { owner: 'team-a', tier: 'gold' },
    });

    await t.advance(hour);
    const updated = await t.storage.setContainerMetadata({
      account,
      container: 'props',
      metadata: { owner: 'team-b' },
    });
    expect(updated.properties.etag).not.toBe(created.properties.etag);
    expect(
      Date.parse(updated.properties.lastModified) - Date.parse(created.properties.lastModified),
    ).toBeGreaterThanOrEqual(hour);
    expect(await t.storage.getContainerProperties({ account, container: 'props' })).toEqual({
      name: 'props',
      properties: updated.properties,
      metadata: { owner: 'team-b' },
    });
    await expect(
      t.storage.setContainerMetadata({ account, container: 'nosuchcontainer', metadata: {} }),
    ).rejects.toMatchObject({ status: 404, code: 'ContainerNotFound' });
  });

  it('lists blobs by prefix, page by page with maxresults and the returned marker', async () => {
    await t.storage.createContainer({ account, container: 'listing' });
    const names = [
      'logs/2024/a',
      'logs/2024/b',
      'logs/2025/a',
      'logs/2025/b',
      'logs/2025/c',
      'other/x',
      'lo',
    ];
    for (const blob of names) await t.storage.putBlob({ account, container: 'listing', blob, body: blob });
    const expected = names.filter((n) => n.startsWith('logs/')).sort();

    const pages: string[][] = [];
    let marker: string | undefined;
    do {
      const page = await t.storage.listBlobs({
        account,
        container: 'listing',
        prefix: 'logs/',
        maxresults: 2,
        ...(marker ? { marker } : {}),
      });
      pages.push(page.blobs.map((b) => b.name));
      marker = page.nextMarker;
      expect(pages.length).toBeLessThan(10);
    } while (marker);

    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(expected);
    // Without a prefix and in one page: every blob, in code-point order, and no marker.
    const all = await t.storage.listBlobs({ account, container: 'listing' });
    expect(all.blobs.map((b) => b.name)).toEqual([...names].sort());
    expect(all.nextMarker).toBeUndefined();
    expect((await t.storage.listBlobs({ account, container: 'listing', prefix: 'nothing/' })).blobs).toEqual(
      [],
    );
  });

  it('deletes a container with its blobs; afterwards it is 404 ContainerNotFound and the name is free', async () => {
    await t.storage.createContainer({ account, container: 'doomed' });
    await t.storage.putBlob({ account, container: 'doomed', blob: 'b', body: 'gone soon' });
    await t.storage.deleteContainer({ account, container: 'doomed' });

    const notFound = { status: 404, code: 'ContainerNotFound' };
    await expect(t.storage.getContainerProperties({ account, container: 'doomed' })).rejects.toMatchObject(
      notFound,
    );
    await expect(t.storage.listBlobs({ account, container: 'doomed' })).rejects.toMatchObject(notFound);
    await expect(t.storage.getBlob({ account, container: 'doomed', blob: 'b' })).rejects.toMatchObject(
      notFound,
    );
    await expect(t.storage.deleteContainer({ account, container: 'doomed' })).rejects.toMatchObject(notFound);
    expect((await t.storage.listContainers({ account })).containers.map((c) => c.name)).not.toContain(
      'doomed',
    );

    await t.storage.createContainer({ account, container: 'doomed' });
    expect((await t.storage.listBlobs({ account, container: 'doomed' })).blobs).toEqual([]);
  });
});
