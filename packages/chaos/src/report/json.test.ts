import { describe, expect, it } from 'vitest';
import { reportJson } from './json.js';
import { fixtureRun, runOf, ScenarioBuilder } from './testing-fixtures.js';

/** Reads a path out of parsed JSON without `any`. */
function dig(value: unknown, ...path: Array<string | number>): unknown {
  return path.reduce<unknown>(
    (at, key) => (at as Record<string | number, unknown> | undefined)?.[key],
    value,
  );
}

describe('report.json', () => {
  const run = fixtureRun();
  const json: unknown = JSON.parse(reportJson(run));

  it('leads with a summary of the run', () => {
    expect(Object.keys(json as object)[0]).toBe('summary');
    expect(dig(json, 'summary')).toEqual({
      scenarios: 3,
      passed: 1,
      failed: 1,
      errors: 1,
      wallMs: run.endedAt - run.startedAt,
    });
  });

  it('keeps the run as it is otherwise', () => {
    expect(dig(json, 'seed')).toBe(run.seed);
    expect([0, 1, 2].map((i) => dig(json, 'scenarios', i, 'outcome'))).toEqual(['passed', 'failed', 'error']);
    expect(dig(json, 'scenarios', 1, 'steps', 2, 'expect')).toEqual({
      status: 403,
      code: 'KeyVaultEncryptionKeyNotFound',
    });
  });

  it('writes byte arrays as their length and, when they are printable UTF-8, their text', () => {
    const putBlob = dig(json, 'scenarios', 0, 'steps', 1);
    expect(dig(putBlob, 'request', 'body')).toEqual({ bytes: 18, utf8: 'hello from contoso' });
    expect(dig(putBlob, 'reply', 'contentMD5')).toEqual({ bytes: 6 });
    // A Buffer would otherwise be written through its toJSON as { type: 'Buffer', data: [...] }.
    expect(dig(json, 'scenarios', 0, 'steps', 3, 'reply', 'body')).toEqual({
      bytes: 18,
      utf8: 'hello from contoso',
    });
  });

  it('cuts long text to 200 characters and leaves bytes with control characters as a length', () => {
    const long = new TextEncoder().encode('é'.repeat(500));
    const raw = new Uint8Array([0x68, 0x00, 0x69]);
    const scenario = new ScenarioBuilder({ name: 'b', file: 'b.yaml', startedAt: 0 })
      .step({ do: 'storage.putBlob', ms: 1, request: { long, nested: [{ raw }] } })
      .build();
    const request = dig(JSON.parse(reportJson(runOf([scenario]))), 'scenarios', 0, 'steps', 0, 'request');
    const text = dig(request, 'long', 'utf8') as string;
    expect(dig(request, 'long', 'bytes')).toBe(1000);
    expect(Array.from(text)).toHaveLength(200);
    expect(text.endsWith('…')).toBe(true);
    expect(dig(request, 'nested')).toEqual([{ raw: { bytes: 3 } }]);
  });

  it('survives values JSON.stringify refuses: bigints and cycles', () => {
    const cyclic: Record<string, unknown> = { size: 10n };
    cyclic.self = cyclic;
    const scenario = new ScenarioBuilder({ name: 'c', file: 'c.yaml', startedAt: 0 })
      .step({ do: 'x.y', ms: 1, reply: cyclic })
      .build();
    const reply = dig(JSON.parse(reportJson(runOf([scenario]))), 'scenarios', 0, 'steps', 0, 'reply');
    expect(reply).toEqual({ size: '10', self: '[circular]' });
  });
});
