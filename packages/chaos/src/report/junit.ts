import type { RunResult, ScenarioResult, StepResult } from '../scenario/result.js';
import { escapeAttr, escapeText } from './escape.js';
import { formatClockJump, formatInstant, formatMs, formatSeconds } from './format.js';
import { prettyJson } from './readable-value.js';
import {
  clockJumpMs,
  decisiveStep,
  describeActual,
  describeExpected,
  faultKinds,
  movedClock,
  stepMs,
  stepNumber,
} from './step-facts.js';
import { summariseRun } from './summary.js';

export const junitSuiteName = 'cmk-testbed scenarios';

/**
 * junit.xml for CI: one testsuite, one testcase per scenario (classname = the scenario file, so CI groups
 * by file). Scenarios cannot be skipped, so `skipped` is always 0; it is written because some readers
 * require it.
 */
export function junitXml(run: RunResult): string {
  const summary = summariseRun(run);
  const counts = `tests="${summary.scenarios}" failures="${summary.failed}" errors="${summary.errors}" skipped="0"`;
  const time = `time="${formatSeconds(summary.wallMs)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cmk-testbed" ${counts} ${time}>`,
    `  <testsuite name="${junitSuiteName}" ${counts} ${time} timestamp="${formatInstant(run.startedAt)}">`,
    '    <properties>',
    `      <property name="seed" value="${escapeAttr(String(run.seed))}"/>`,
    `      <property name="natsUrl" value="${escapeAttr(run.natsUrl)}"/>`,
    '    </properties>',
    ...run.scenarios.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function testcase(scenario: ScenarioResult): string {
  const open =
    `    <testcase classname="${escapeAttr(scenario.file)}" name="${escapeAttr(scenario.name)}"` +
    ` time="${formatSeconds(scenario.endedAt - scenario.startedAt)}">`;
  return [open, ...outcomeElement(scenario), ...systemOut(scenario), '    </testcase>'].join('\n');
}

function outcomeElement(scenario: ScenarioResult): string[] {
  if (scenario.outcome === 'passed') return [];
  const element = scenario.outcome === 'failed' ? 'failure' : 'error';
  const type = scenario.outcome === 'failed' ? 'ExpectationFailed' : 'ScenarioError';
  const message = scenario.failure ?? `scenario ${scenario.outcome}`;
  return [
    `      <${element} message="${escapeAttr(message)}" type="${type}">${escapeText(failureBody(scenario))}</${element}>`,
  ];
}

/** Expected against actual for the step that decided the outcome: what a reader of a red CI build needs first. */
function failureBody(scenario: ScenarioResult): string {
  const lines = [scenario.failure ?? `scenario ${scenario.outcome}`];
  const setupFailure = scenario.setup?.outcome === 'error' ? scenario.setup.failure : undefined;
  if (setupFailure && setupFailure !== scenario.failure) lines.push(`setup: ${setupFailure}`);
  const step = decisiveStep(scenario);
  if (step) {
    lines.push(
      `step ${stepNumber(step)} ${step.do} (${step.outcome}, ${step.attempts} attempt${step.attempts === 1 ? '' : 's'})`,
      `expected: ${describeExpected(step)}`,
      `actual:   ${describeActual(step)}`,
    );
    if (step.failure) lines.push(`why:      ${step.failure}`);
    lines.push(`request:  ${prettyJson(step.request)}`);
  }
  return lines.join('\n');
}

function systemOut(scenario: ScenarioResult): string[] {
  const lines: string[] = [];
  if (scenario.setup) {
    const setupMs = formatMs(scenario.setup.endedAt - scenario.setup.startedAt);
    lines.push(`setup ${scenario.setup.outcome} ${setupMs}`);
  }
  lines.push(...scenario.steps.map(stepLine));
  if (lines.length === 0) return [];
  return [`      <system-out>${escapeText(lines.join('\n'))}</system-out>`];
}

function stepLine(step: StepResult): string {
  if (step.outcome === 'skipped') return `step ${stepNumber(step)} ${step.do} skipped`;
  const jump = movedClock(step) ? ` (${formatClockJump(clockJumpMs(step))})` : '';
  const clock = `clock ${formatInstant(step.clockBefore)}${jump}`;
  const faults = step.faults.length > 0 ? ` faults: ${faultKinds(step)}` : '';
  return `step ${stepNumber(step)} ${step.do} ${step.outcome} ${formatMs(stepMs(step))} ${clock}${faults}`;
}
