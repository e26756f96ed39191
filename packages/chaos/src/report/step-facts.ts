import type { ScenarioResult, StepError, StepResult } from '../scenario/result.js';
import { compactJson } from './readable-value.js';

/** A clock move smaller than this is real time passing, not a step moving the testbed clock. */
export const clockJumpThresholdMs = 1000;

/** Steps are numbered from 1 for people (the YAML's order), as the runner's failure lines count them. */
export function stepNumber(step: StepResult): number {
  return step.index + 1;
}

export function stepMs(step: StepResult): number {
  return step.endedAt - step.startedAt;
}

/**
 * How far the step moved the testbed clock. The clock runs with real time, so a slow step (or `within`
 * retries) also sees it move: only what exceeds the real time the step took is a jump.
 */
export function clockJumpMs(step: StepResult): number {
  return step.clockAfter - step.clockBefore - stepMs(step);
}

export function movedClock(step: StepResult): boolean {
  return Math.abs(clockJumpMs(step)) >= clockJumpThresholdMs;
}

/** The step the scenario's outcome comes from: the first that failed or could not run. */
export function decisiveStep(scenario: ScenarioResult): StepResult | undefined {
  return scenario.steps.find((step) => step.outcome === 'failed' || step.outcome === 'error');
}

/** What the step expected, as one line. */
export function describeExpected(step: StepResult): string {
  return step.expect === undefined ? 'success (no expect)' : compactJson(step.expect);
}

/** What the step got, as one line: the Azure error, or the reply. */
export function describeActual(step: StepResult): string {
  if (step.error) return `error ${describeError(step.error)}`;
  if (step.reply !== undefined) return `reply ${compactJson(step.reply)}`;
  return step.outcome === 'skipped' ? 'not run' : 'no reply';
}

export function describeError(error: StepError): string {
  const inner = error.innerCode ? ` (${error.innerCode})` : '';
  return `${error.status} ${error.code}${inner}: ${error.message}`;
}

/** `vault=kv1`, `regions=eastus↔westus`: a fault's target as its author wrote it, on one short line. */
export function describeTarget(target: Record<string, unknown>): string {
  return Object.entries(target)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('↔') : compactTargetValue(value)}`)
    .join(' ');
}

function compactTargetValue(value: unknown): string {
  return typeof value === 'object' && value !== null ? compactJson(value) : String(value);
}

/** Kinds of the faults in force, for one-line listings. */
export function faultKinds(step: StepResult): string {
  return step.faults.map((fault) => fault.kind).join(', ');
}
