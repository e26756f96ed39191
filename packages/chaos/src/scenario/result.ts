/**
 * What a scenario run produced, step by step: the one structure the progress line, junit.xml, report.json
 * and report.html are all written from.
 */

/** An Azure-shaped error as a step saw it. */
export interface StepError {
  status: number;
  code: string;
  innerCode?: string | undefined;
  message: string;
}

/** A fault in force while a step ran (as `chaos.list` reported it, plus the scenario's own name for it). */
export interface ActiveFault {
  faultId: string;
  kind: string;
  /** The target with the scenario's symbolic names (what the author wrote), not the run-scoped ones. */
  target: Record<string, unknown>;
}

export type StepOutcome =
  /** Did what was expected. */
  | 'passed'
  /** Ran, but the reply or error differs from `expect` (see `failure`). */
  | 'failed'
  /** Could not run: a bad reference, an unknown operation, or the testbed did not answer. */
  | 'error'
  /** Not run because an earlier step failed. */
  | 'skipped';

export interface StepResult {
  /** 0-based position in `steps` (setup is reported separately). */
  index: number;
  /** `<service>.<operation>` as written. */
  do: string;
  /** The step's own label (`name` in the file), if it has one. */
  name?: string | undefined;
  outcome: StepOutcome;
  /** Real time (epoch ms) when the step started and ended; includes `within` retries. */
  startedAt: number;
  endedAt: number;
  /** The testbed clock (epoch ms) before and after the step; a jump means the step moved it. */
  clockBefore: number;
  clockAfter: number;
  /** How many times the step was tried (1 unless `expect.within` retried it). */
  attempts: number;
  /** The request as sent (names resolved to the run-scoped ones; bytes summarised). */
  request: unknown;
  /** The reply, when the operation succeeded. */
  reply?: unknown;
  /** The error, when it did not. */
  error?: StepError | undefined;
  /** What was expected (after `${...}` substitution); absent means "must succeed". */
  expect?: unknown;
  /** Why the step did not pass: names the expectation and the difference. */
  failure?: string | undefined;
  /** Faults in force while the step ran: those listed as it started and as it ended. */
  faults: ActiveFault[];
}

export interface SetupResult {
  outcome: 'passed' | 'error';
  startedAt: number;
  endedAt: number;
  /** What failed while building the world (names the setup entry). */
  failure?: string | undefined;
  /** Symbolic name → the run-scoped real name or id it was given. */
  names: Record<string, string>;
}

export interface ScenarioResult {
  /** The scenario's `name`, or the file name when the file could not be loaded. */
  name: string;
  file: string;
  description?: string | undefined;
  outcome: 'passed' | 'failed' | 'error';
  startedAt: number;
  endedAt: number;
  /** The first failure, as one line: which step and what differed (or why the file was refused). */
  failure?: string | undefined;
  setup?: SetupResult | undefined;
  steps: StepResult[];
}

export interface RunResult {
  startedAt: number;
  endedAt: number;
  seed: number;
  /** The NATS URL of the testbed the run used. */
  natsUrl: string;
  scenarios: ScenarioResult[];
}
