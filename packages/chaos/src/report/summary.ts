import type { RunResult } from '../scenario/result.js';

/** The totals every report leads with. */
export interface RunSummary {
  scenarios: number;
  passed: number;
  failed: number;
  errors: number;
  wallMs: number;
}

export function summariseRun(run: RunResult): RunSummary {
  const count = (outcome: string) => run.scenarios.filter((scenario) => scenario.outcome === outcome).length;
  return {
    scenarios: run.scenarios.length,
    passed: count('passed'),
    failed: count('failed'),
    errors: count('error'),
    wallMs: run.endedAt - run.startedAt,
  };
}
