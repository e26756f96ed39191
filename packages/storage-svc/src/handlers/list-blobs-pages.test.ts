import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mmkSubscription } from '../testing/mmk-subscription.js';
import { type StorageUnderTest, startStorage } from '../testing/start-storage.js';

describe('listBlobs pagination with snapshots', () => {
  let t: StorageUnderTest;
  const where = { account: 'pagedlist', container: 'data' };
  const entry = (b: { name: string; properties: { snapshot?: string } }) =>
    `${b.name}@${b.properties.snapshot ?? 'base'}`;

  beforeAll(async () => {
    t = await startStorage();
    const subscriptionId = await mmkSubscription(t.entra, 'paged');
    await t.storage.createAccount({
      name: where.account,
      subscriptionId,
      location: 'eastus',
      kind: 'StorageV2',
    });
    await t.storage.createContainer(where);
    const snapshots = { a: 2, b: 1, c: 0, d: 3 };
    for (const [blob, count] of Object.entries(snapshots)) {
      await t.storage.putBlob({ ...where, blob, body: blob });
      for (let i = 0; i < count; i++) {
        await t.storage.snapshotBlob({ ...where, blob });
        // Snapshot times have millisecond resolution: move the clock so no two collide.
        await t.advance(1000);
      }
    }
  }, 90_000);

  afterAll(() => t?.dispose());

  /** Every entry, one page of `size` at a time, following nextMarker. */
  const allPages = async (size: number) => {
    const seen: string[] = [];
    let marker: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = await t.storage.listBlobs({
        ...where,
        include: ['snapshots'],
        maxresults: size,
        ...(marker ? { marker } : {}),
      });
      seen.push(...page.blobs.map(entry));
      marker = page.nextMarker;
      if (!marker) return seen;
    }
    throw new Error('listBlobs never ended');
  };

  it('collects, one entry per page, exactly the unpaginated list (snapshots before their blob)', async () => {
    const whole = (await t.storage.listBlobs({ ...where, include: ['snapshots'] })).blobs.map(entry);
    expect(whole).toHaveLength(10);
    expect(whole.map((e) => e.split('@')[0])).toEqual(['a', 'a', 'a', 'b', 'b', 'c', 'd', 'd', 'd', 'd']);
    expect(whole.filter((e) => e.startsWith('a@')).at(-1)).toBe('a@base');
    expect(await allPages(1)).toEqual(whole);
    expect(await allPages(3)).toEqual(whole);
  });

  it('pages without snapshots list each blob once', async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await t.storage.listBlobs({ ...where, maxresults: 1, ...(marker ? { marker } : {}) });
      seen.push(...page.blobs.map(entry));
      marker = page.nextMarker;
    } while (marker && seen.length < 20);
    expect(seen).toEqual(['a@base', 'b@base', 'c@base', 'd@base']);
  });
});
