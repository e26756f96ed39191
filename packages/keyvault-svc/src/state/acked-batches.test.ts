import { describe, expect, it } from 'vitest';
import { AckedBatches } from './acked-batches.js';

/** A store whose writes are acknowledged only when the test says so. */
function manualStore() {
  const writes: { destination: string; items: number[]; ack: () => void; fail: (e: Error) => void }[] = [];
  const errors: number[] = [];
  const batches = new AckedBatches<number>({
    write: (destination, items) =>
      new Promise<void>((ack, fail) => writes.push({ destination, items, ack: () => ack(), fail })),
    onError: (_error, _destination, count) => errors.push(count),
    maxBatch: 3,
  });
  return { batches, writes, errors };
}

describe('AckedBatches (group commit with acknowledgement)', () => {
  it('resolves a record only once its write is acknowledged', async () => {
    const { batches, writes } = manualStore();
    let done = false;
    const recorded = batches.record('a', 1).then(() => {
      done = true;
    });
    await expect.poll(() => writes.length).toBe(1);
    expect(done).toBe(false);
    writes[0]!.ack();
    await recorded;
    expect(done).toBe(true);
  });

  it('gathers what arrives during a write into the next round, one write per destination', async () => {
    const { batches, writes } = manualStore();
    const first = batches.record('a', 1);
    await expect.poll(() => writes.length).toBe(1);
    const later = [batches.record('a', 2), batches.record('b', 3), batches.record('a', 4)];
    expect(writes).toHaveLength(1);
    writes[0]!.ack();
    await first;
    await expect.poll(() => writes.length).toBe(3);
    expect(writes.slice(1).map((w) => [w.destination, w.items])).toEqual([
      ['a', [2, 4]],
      ['b', [3]],
    ]);
    for (const w of writes.slice(1)) w.ack();
    await Promise.all(later);
    await batches.settled();
  });

  it('splits a destination into writes of maxBatch items', async () => {
    const { batches, writes } = manualStore();
    const first = batches.record('a', 0);
    await expect.poll(() => writes.length).toBe(1);
    const rest = [1, 2, 3, 4, 5].map((n) => batches.record('a', n));
    writes[0]!.ack();
    await first;
    await expect.poll(() => writes.length).toBe(2);
    writes[1]!.ack();
    await expect.poll(() => writes.length).toBe(3);
    writes[2]!.ack();
    await Promise.all(rest);
    expect(writes.map((w) => w.items)).toEqual([[0], [1, 2, 3], [4, 5]]);
  });

  it('reports a failed write, releases its callers, and writes its items first in the next round', async () => {
    const { batches, writes, errors } = manualStore();
    const failed = batches.record('a', 1);
    await expect.poll(() => writes.length).toBe(1);
    writes[0]!.fail(new Error('no responders'));
    await failed;
    expect(errors).toEqual([1]);
    const next = batches.record('a', 2);
    await expect.poll(() => writes.length).toBe(2);
    expect(writes[1]!.items).toEqual([1, 2]);
    writes[1]!.ack();
    await next;
  });
});
