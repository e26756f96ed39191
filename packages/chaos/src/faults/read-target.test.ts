import { describe, expect, it } from 'vitest';
import type { FaultRequest } from './fault-kind.js';
import { readTarget } from './read-target.js';

const request = (target: FaultRequest['target'], params: FaultRequest['params'] = {}): FaultRequest => ({
  faultId: 'f-1',
  kind: 'key-disable',
  target,
  params,
  probability: 1,
  seed: 0,
  expiresAt: undefined,
});

describe('readTarget', () => {
  const shape = {
    required: ['vault', 'key'] as const,
    optional: ['region'] as const,
    params: ['regrant'] as const,
  };

  it('returns the selectors a kind reads', () => {
    expect(readTarget(request({ vault: 'kv1', key: 'cmk' }), shape)).toEqual({ vault: 'kv1', key: 'cmk' });
  });

  it('names a missing selector', () => {
    expect(() => readTarget(request({ vault: 'kv1' }), shape)).toThrow('target.key is required');
  });

  it('refuses a selector or param the kind would ignore, naming what it reads', () => {
    expect(() => readTarget(request({ vault: 'kv1', key: 'cmk', account: 'a1' }), shape)).toThrow(
      'target.account: not read by this kind (it reads target.vault, target.key, target.region)',
    );
    expect(() => readTarget(request({ vault: 'kv1', key: 'cmk' }, { ms: 5 }), shape)).toThrow(
      'params.ms: not read by this kind (it reads params.regrant)',
    );
  });
});
