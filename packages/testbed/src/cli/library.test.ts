import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchForTest, type TestTestbed } from '../launch/launch-for-test.js';
import { resolvePackagesDir } from '../topology/resolve-packages-dir.js';
import { runCli } from './run-cli.js';

/** The built-in scenario library, through the CLI as `npm start` runs it, on the default topology. */
describe('the built-in scenario library', () => {
  let t: TestTestbed;
  let report: string;

  beforeAll(async () => {
    t = await launchForTest();
    report = await mkdtemp(join(tmpdir(), 'cmk-library-'));
  }, 60_000);

  afterAll(async () => {
    await t?.dispose();
    if (report) await rm(report, { recursive: true, force: true });
  });

  it('passes every scenario through `cmk-testbed run`', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const library = join(resolvePackagesDir(), 'chaos', 'scenarios');
    const code = await runCli(['run', library, '--connect', t.testbed.natsUrl, '--report', report], {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
    });
    // On failure the progress lines name each failing scenario, step and difference.
    expect({ code, failures: err.filter((line) => !/ ✓ /.test(line)) }).toEqual({
      code: 0,
      failures: expect.not.arrayContaining([expect.stringMatching(/ [✗!] /)]),
    });
    expect(out.join('\n')).toMatch(/(\d+) of \1 scenarios passed/);
  }, 240_000);
});
