import { describe, expect, it } from 'vitest';
import { FaultEngine } from './fault-engine.js';
import type { FaultPoint } from './fault-point.js';
import { type FaultRuleInput, faultRuleSchema } from './rule.js';

const point: FaultPoint = {
  at: 'server',
  service: 'keyvault',
  scope: 'eastus',
  operation: 'unwrapKey',
  instance: 'keyvault-eastus-1',
  callerService: 'storage',
  callerInstance: 'storage-eastus-1',
  callerRegion: 'eastus',
  request: { vault: 'kv1', key: 'cmk' },
};

function engineWith(...rules: FaultRuleInput[]): FaultEngine {
  const engine = new FaultEngine();
  for (const rule of rules) engine.upsert(faultRuleSchema.parse(rule));
  return engine;
}

function decisions(engine: FaultEngine, n: number): string[] {
  return Array.from({ length: n }, () => {
    const effect = engine.evaluate(point);
    return `${effect.terminal?.kind ?? 'pass'}+${effect.delayMs}`;
  });
}

describe('FaultEngine', () => {
  it('makes the same decisions for the same seed, and different ones for another seed', () => {
    const rule = (seed: number): FaultRuleInput => ({ id: 'lossy', kind: 'drop', probability: 0.5, seed });
    const jitter = (seed: number): FaultRuleInput => ({
      id: 'slow',
      kind: 'latency',
      latencyMs: 100,
      jitterMs: 50,
      seed,
    });
    const a = decisions(engineWith(rule(7), jitter(7)), 200);
    const b = decisions(engineWith(rule(7), jitter(7)), 200);
    const c = decisions(engineWith(rule(8), jitter(8)), 200);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    const drops = a.filter((d) => d.startsWith('drop')).length;
    expect(drops).toBeGreaterThan(60);
    expect(drops).toBeLessThan(140);
  });

  it('keeps jittered latency within latencyMs ± jitterMs', () => {
    const engine = engineWith({ id: 'slow', kind: 'latency', latencyMs: 100, jitterMs: 20, seed: 1 });
    const delays = Array.from({ length: 500 }, () => engine.evaluate(point).delayMs);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(80);
    expect(Math.max(...delays)).toBeLessThanOrEqual(120);
    expect(new Set(delays).size).toBeGreaterThan(10);
  });

  it('applies a rule only where its match and side hold', () => {
    const engine = engineWith(
      { id: 'other-op', kind: 'error', match: { operation: 'wrapKey' }, error: { status: 500, code: 'X' } },
      {
        id: 'other-vault',
        kind: 'error',
        match: { fields: { vault: 'kv2' } },
        error: { status: 500, code: 'X' },
      },
      { id: 'client-side', kind: 'down', at: 'client' },
      { id: 'westeurope', kind: 'down', match: { scope: 'westeurope' } },
    );
    expect(engine.evaluate(point).terminal).toBeUndefined();
    const hit = engineWith({
      id: 'kv1',
      kind: 'error',
      match: { service: 'keyvault', fields: { vault: 'kv1' } },
      error: { status: 503, code: 'ServiceUnavailable' },
    });
    expect(hit.evaluate(point).terminal).toMatchObject({
      kind: 'error',
      error: { status: 503, code: 'ServiceUnavailable' },
    });
  });

  it('leaves the control plane (chaos, clock, testbed) alone unless a rule names it', () => {
    const everything = engineWith({ id: 'all', kind: 'drop' });
    for (const service of ['chaos', 'clock', 'testbed']) {
      expect(everything.evaluate({ ...point, service }).terminal).toBeUndefined();
    }
    expect(everything.evaluate(point).terminal?.kind).toBe('drop');
    const aimed = engineWith({ id: 'chaos', kind: 'drop', match: { service: 'chaos' } });
    expect(aimed.evaluate({ ...point, service: 'chaos' }).terminal?.kind).toBe('drop');
  });

  it('adds up latencies and lets the first terminal rule win', () => {
    const engine = engineWith(
      { id: 'a', kind: 'latency', latencyMs: 10 },
      { id: 'b', kind: 'unavailable' },
      { id: 'c', kind: 'latency', latencyMs: 5 },
      { id: 'd', kind: 'error', error: { status: 500, code: 'X' } },
    );
    const effect = engine.evaluate(point);
    expect(effect.delayMs).toBe(15);
    expect(effect.terminal).toEqual({ kind: 'unavailable', ruleId: 'b' });
    expect(effect.ruleIds).toEqual(['a', 'b', 'c', 'd']);
  });

  it('stops applying a rule once it expires, on the clock the rule names', () => {
    let testbedNow = 1000;
    const engine = new FaultEngine({ realNow: () => 0, testbedNow: () => testbedNow });
    engine.upsert(
      faultRuleSchema.parse({ id: 'x', kind: 'down', expiresAt: { clock: 'testbed', at: 2000 } }),
    );
    expect(engine.evaluate(point).terminal?.kind).toBe('down');
    testbedNow = 2000;
    expect(engine.evaluate(point).terminal).toBeUndefined();
    expect(engine.rules()).toEqual([]);
  });

  it('takes a whole instance down only for an unfiltered server-side down rule', () => {
    const target = { service: 'keyvault', scope: 'eastus', instance: 'keyvault-eastus-1' };
    expect(engineWith({ id: 'd', kind: 'down', match: { service: 'keyvault' } }).isInstanceDown(target)).toBe(
      true,
    );
    expect(
      engineWith({ id: 'd', kind: 'down', match: { instance: 'keyvault-eastus-2' } }).isInstanceDown(target),
    ).toBe(false);
    expect(
      engineWith({ id: 'd', kind: 'down', match: { operation: 'unwrapKey' } }).isInstanceDown(target),
    ).toBe(false);
    expect(engineWith({ id: 'd', kind: 'down', at: 'client' }).isInstanceDown(target)).toBe(false);
  });

  it('notifies listeners on every change of the rule set', () => {
    const engine = new FaultEngine();
    let changes = 0;
    const off = engine.onChange(() => changes++);
    engine.upsert(faultRuleSchema.parse({ id: 'a', kind: 'down' }));
    engine.remove('a');
    engine.remove('a');
    off();
    engine.clear();
    expect(changes).toBe(2);
  });
});

describe('faultRuleSchema', () => {
  it('refuses a rule with a clear reason', () => {
    const result = faultRuleSchema.safeParse({ id: 'bad id!', kind: 'latency', latencyMs: -1 });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['id', 'latencyMs']));
    expect(faultRuleSchema.safeParse({ id: 'x', kind: 'teleport' }).success).toBe(false);
  });
});
