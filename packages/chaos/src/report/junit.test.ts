import { describe, expect, it } from 'vitest';
import { junitSuiteName, junitXml } from './junit.js';
import { fixtureRun, runOf, ScenarioBuilder } from './testing-fixtures.js';
import { findAll, parseXml, textOf, type XmlElement } from './testing-xml.js';

const hostile = `evil <script>&"quotes" 'single'\u0007 name`;

function only(root: XmlElement, name: string): XmlElement {
  const found = findAll(root, name);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('junit.xml', () => {
  const run = fixtureRun();
  const root = parseXml(junitXml(run));
  const suite = only(root, 'testsuite');
  const [passed, failed, errored] = findAll(suite, 'testcase');

  it('is one testsuite counting scenarios, failures and errors', () => {
    expect(suite.attrs).toMatchObject({
      name: junitSuiteName,
      tests: '3',
      failures: '1',
      errors: '1',
      skipped: '0',
    });
    expect(Number(suite.attrs.time)).toBeCloseTo((run.endedAt - run.startedAt) / 1000, 3);
  });

  it('has one testcase per scenario, named after it and classed by its file', () => {
    expect(findAll(suite, 'testcase').map((tc) => [tc.attrs.classname, tc.attrs.name])).toEqual(
      run.scenarios.map((s) => [s.file, s.name]),
    );
    expect(findAll(passed!, 'failure')).toHaveLength(0);
    expect(findAll(passed!, 'error')).toHaveLength(0);
  });

  it('names the failing step in the failure message and shows expected against actual in its body', () => {
    const failure = only(failed!, 'failure');
    expect(failure.attrs.message).toBe(
      'step 3 storage.getBlob: expected status 403 KeyVaultEncryptionKeyNotFound, got 200 OK',
    );
    const body = textOf(failure);
    expect(body).toContain('expected: {"status":403,"code":"KeyVaultEncryptionKeyNotFound"}');
    expect(body).toContain('actual:   reply {"body":{"bytes":5,"utf8":"hello"}}');
  });

  it('reports a file that could not be loaded as an error naming the file', () => {
    const error = only(errored!, 'error');
    expect(error.attrs.message).toContain('scenarios/broken-firewall.yaml: steps.2.do: unknown operation');
    expect(findAll(errored!, 'failure')).toHaveLength(0);
  });

  it('lists every step in system-out with its outcome, time and testbed clock', () => {
    const lines = textOf(only(passed!, 'system-out')).split('\n');
    expect(lines[0]).toBe('setup passed 910 ms');
    expect(lines.slice(1)).toHaveLength(7);
    expect(lines[6]).toMatch(
      /^step 6 clock\.advance passed 17 ms clock 2025-06-02T09:00:01\.\d{3}Z \(\+1h\)$/,
    );
    expect(lines[4]).toContain('faults: vault-unavailable');
    // A step that never ran has no clock reading (the runner leaves it at 0): none is shown.
    expect(textOf(only(failed!, 'system-out')).split('\n').at(-1)).toBe('step 4 storage.deleteBlob skipped');
  });

  it('escapes markup and control characters so the file still parses and reads back', () => {
    const scenario = new ScenarioBuilder({ name: hostile, file: 'a&b/<c>.yaml', startedAt: 0 })
      .step({ do: 'storage.getBlob', ms: 5, outcome: 'failed', failure: `got <200> & "ok"\u0000\nline 2` })
      .build();
    const testcase = only(parseXml(junitXml(runOf([scenario]))), 'testcase');
    expect(testcase.attrs.name).toBe(hostile.replace('\u0007', '\\u0007'));
    expect(testcase.attrs.classname).toBe('a&b/<c>.yaml');
    expect(only(testcase, 'failure').attrs.message).toBe(
      'step 1 storage.getBlob: got <200> & "ok"\\u0000\nline 2',
    );
  });
});
