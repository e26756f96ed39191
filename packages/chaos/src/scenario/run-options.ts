import type { ScenarioResult } from './result.js';

export interface RunOptions {
  /** Seeds every `chaos.inject` step that gives no seed of its own, so probabilistic faults replay. */
  seed?: number;
  /** Called once per scenario as it finishes (the CLI prints its progress line here). */
  onScenario?: (result: ScenarioResult, position: { index: number; total: number }) => void;
  /** Real time between `within` retries, ms (default 100). */
  retryIntervalMs?: number;
}
