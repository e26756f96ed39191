import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../scenario/result.js';
import { reportHtml } from './html.js';
import { reportJson } from './json.js';
import { junitXml } from './junit.js';

export interface ReportPaths {
  junit: string;
  json: string;
  html: string;
}

/**
 * Writes junit.xml, report.json and report.html into `dir` (created if missing). Each file is written under a
 * temporary name and renamed into place, so a CI step or a browser never reads a half-written report.
 */
export async function writeReports(run: RunResult, dir: string): Promise<ReportPaths> {
  await mkdir(dir, { recursive: true });
  const paths: ReportPaths = {
    junit: join(dir, 'junit.xml'),
    json: join(dir, 'report.json'),
    html: join(dir, 'report.html'),
  };
  await Promise.all([
    writeAtomically(paths.junit, junitXml(run)),
    writeAtomically(paths.json, reportJson(run)),
    writeAtomically(paths.html, reportHtml(run)),
  ]);
  return paths;
}

/** Same directory as the target, so the rename stays on one file system and is atomic. */
async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
