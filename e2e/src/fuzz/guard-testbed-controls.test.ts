import { clockContract, decodeBody, encodeBody, testbedContract } from '@cmk-testbed/shared';
import { describe, expect, it } from 'vitest';
import { guardTestbedControls } from './guard-testbed-controls.js';

const shutdown = testbedContract.operations.shutdown;
const advance = clockContract.operations.advance;

describe('the guard on testbed controls', () => {
  it.each([
    ['an empty body', new Uint8Array(0)],
    ['nil', encodeBody(null)],
    ['an empty map', encodeBody({})],
  ])(
    'turns %s to testbed.shutdown, which the supervisor would obey, into a request it refuses',
    (_, data) => {
      const guarded = guardTestbedControls('testbed', 'shutdown', shutdown, data);
      expect(shutdown.request.safeParse(decodeBody(guarded) ?? {}).success).toBe(false);
    },
  );

  it('refuses a well-formed clock move but keeps its absurd value', () => {
    const guarded = guardTestbedControls('clock', 'advance', advance, encodeBody({ by: 'P9999W' }));
    expect(decodeBody(guarded)).toEqual({ by: 'P9999W', fuzzGuard: true });
    expect(advance.request.safeParse(decodeBody(guarded)).success).toBe(false);
  });

  it('passes bad input and every other operation through unchanged', () => {
    const garbage = Uint8Array.from([0xc1, 0x00]);
    expect(guardTestbedControls('testbed', 'shutdown', shutdown, garbage)).toBe(garbage);
    const kill = encodeBody({ name: 'x' });
    expect(guardTestbedControls('testbed', 'kill', testbedContract.operations.kill, kill)).toBe(kill);
  });
});
