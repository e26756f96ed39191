import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reportHtml } from './html.js';
import { reportJson } from './json.js';
import { junitXml } from './junit.js';
import { fixtureRun } from './testing-fixtures.js';
import { writeReports } from './write-reports.js';

describe('writeReports', () => {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('creates the directory and writes the three reports under their fixed names, leaving no temporary files', async () => {
    const base = await mkdtemp(join(tmpdir(), 'cmk-report-'));
    made.push(base);
    const dir = join(base, 'nested', 'reports');
    const run = fixtureRun();
    const paths = await writeReports(run, dir);
    expect(paths).toEqual({
      junit: join(dir, 'junit.xml'),
      json: join(dir, 'report.json'),
      html: join(dir, 'report.html'),
    });
    expect((await readdir(dir)).sort()).toEqual(['junit.xml', 'report.html', 'report.json']);
    expect(await readFile(paths.junit, 'utf8')).toBe(junitXml(run));
    expect(await readFile(paths.json, 'utf8')).toBe(reportJson(run));
    expect(await readFile(paths.html, 'utf8')).toBe(reportHtml(run));
  });

  it('replaces reports from an earlier run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cmk-report-'));
    made.push(dir);
    await writeReports(fixtureRun(), dir);
    const second = { ...fixtureRun(), seed: 7 };
    const paths = await writeReports(second, dir);
    expect(JSON.parse(await readFile(paths.json, 'utf8')).seed).toBe(7);
    expect(await readdir(dir)).toHaveLength(3);
  });
});
