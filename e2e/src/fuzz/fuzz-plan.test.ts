import { createHash } from 'node:crypto';
import { storageContract } from '@cmk-testbed/shared';
import { describe, expect, it } from 'vitest';
import { MessageMaker } from './fuzz-message.js';
import { planMessages, planSizeBoundary } from './fuzz-plan.js';
import { fuzzTargets } from './fuzz-targets.js';
import { hostileValues } from './hostile-values.js';
import { createPrng } from './prng.js';
import { ShapeFiller } from './shape-filler.js';

const maxPayload = 1024 * 1024;
const storage = fuzzTargets(['eastus']).find((x) => x.contract === storageContract)!;

function plan(seed: number) {
  const prng = createPrng(seed);
  const pool = hostileValues({ strings: ['fuzzacct'] });
  const maker = new MessageMaker(storage, { prng, filler: new ShapeFiller(pool, prng), pool, maxPayload });
  return { maker, messages: [...planMessages(maker, { minMessages: 300, unknownMessages: 20 })] };
}

const sha1 = (data: Uint8Array) => createHash('sha1').update(data).digest('hex');

describe('the fuzz plan', () => {
  it('makes the same messages from the same seed, so a failure replays', () => {
    const summary = (seed: number) =>
      plan(seed).messages.map((m) => [m.subject, m.kind, m.headerVariant, sha1(m.data)]);
    expect(summary(42)).toEqual(summary(42));
    expect(summary(42)).not.toEqual(summary(43));
  });

  it('covers every operation, then subjects nobody serves, all below the size boundary', () => {
    const { messages } = plan(7);
    const operations = Object.keys(storageContract.operations);
    expect(new Set(messages.filter((m) => m.expect === 'answer').map((m) => m.operation))).toEqual(
      new Set(operations),
    );
    expect(messages.filter((m) => m.expect === 'no-responders')).toHaveLength(20);
    for (const m of messages) expect(m.data.length).toBeLessThanOrEqual(maxPayload - 16 * 1024);
  });

  it('puts exactly max_payload on the wire for every operation, and expects one byte more refused', () => {
    const boundary = [...planSizeBoundary(plan(7).maker)];
    const exact = boundary.filter((m) => m.kind === 'exactly-max-payload');
    expect(exact.map((m) => m.data.length)).toEqual(exact.map(() => maxPayload));
    expect(boundary.find((m) => m.kind === 'max-payload+1')).toMatchObject({ expect: 'refused' });
    expect(boundary.find((m) => m.kind === 'max-payload+1')!.data.length).toBe(maxPayload + 1);
  });
});
