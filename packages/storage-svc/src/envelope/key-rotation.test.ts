import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newAccountKey, unwrapWithPlatformKey, wrapWithPlatformKey } from './account-key.js';
import { decryptRange, encryptContent } from './content-cipher.js';
import { newDataKey, unwrapDataKey, wrapDataKey } from './data-key.js';
import { decryptMetadata, encryptMetadata } from './metadata-cipher.js';

const accountId = 'acct-rotate';

describe('re-wrapping the account key (rotation, key change, key source switch)', () => {
  it('leaves wrapped data keys, chunks and metadata byte-identical and readable', async () => {
    const platformKeyV1 = randomBytes(32);
    const wrappedAekV1 = wrapWithPlatformKey(newAccountKey(), platformKeyV1, accountId);

    // Write two objects with the account as first configured.
    const aek = unwrapWithPlatformKey(wrappedAekV1, platformKeyV1, accountId);
    const objects = ['obj-a', 'obj-b'].map((objectId) => {
      const dataKey = newDataKey();
      const content = randomBytes(1.5 * 1024 * 1024);
      return {
        objectId,
        content,
        wrappedDataKey: wrapDataKey(dataKey, aek, objectId),
        metadata: encryptMetadata({ objectId }, dataKey, objectId),
        encrypted: encryptContent({ content, dataKey, objectId }),
      };
    });
    const storedBefore = objects.map((o) => [o.wrappedDataKey, o.metadata, ...o.encrypted.chunks].map(copy));

    // Rotate: only the AEK's wrapping changes. The old platform key is gone afterwards.
    const platformKeyV2 = randomBytes(32);
    const wrappedAekV2 = wrapWithPlatformKey(
      unwrapWithPlatformKey(wrappedAekV1, platformKeyV1, accountId),
      platformKeyV2,
      accountId,
    );
    expect(wrappedAekV2.equals(wrappedAekV1)).toBe(false);
    expect(() => unwrapWithPlatformKey(wrappedAekV2, platformKeyV1, accountId)).toThrow();

    const aekAfter = unwrapWithPlatformKey(wrappedAekV2, platformKeyV2, accountId);
    expect(aekAfter.equals(aek)).toBe(true);
    for (const [i, o] of objects.entries()) {
      const storedAfter = [o.wrappedDataKey, o.metadata, ...o.encrypted.chunks];
      expect(storedAfter.map((b) => b.toString('hex'))).toEqual(
        storedBefore[i]!.map((b) => b.toString('hex')),
      );
      const dataKey = unwrapDataKey(o.wrappedDataKey, aekAfter, o.objectId);
      expect(decryptMetadata(o.metadata, dataKey, o.objectId)).toEqual({ objectId: o.objectId });
      const read = await decryptRange({ ...o.encrypted, dataKey, objectId: o.objectId });
      expect(read.equals(o.content)).toBe(true);
    }
  });
});

function copy(buffer: Buffer): Buffer {
  return Buffer.from(buffer);
}
