import type { RunResult } from '../scenario/result.js';
import { readableValue } from './readable-value.js';
import { summariseRun } from './summary.js';

/**
 * report.json: the RunResult as it is, with a `summary` first so `jq .summary` answers "did it pass", and
 * byte arrays summarised (see readable-value.ts) so the file stays small enough to read.
 */
export function reportJson(run: RunResult): string {
  return `${JSON.stringify({ summary: summariseRun(run), ...(readableValue(run) as object) }, null, 2)}\n`;
}
