import type { StepResult } from '../scenario/result.js';
import { escapeText } from './escape.js';
import { formatClockJump, formatInstant, formatMs } from './format.js';
import { tag } from './markup.js';
import { prettyJson } from './readable-value.js';
import {
  clockJumpMs,
  describeActual,
  describeError,
  describeExpected,
  describeTarget,
  movedClock,
  stepMs,
  stepNumber,
} from './step-facts.js';

const columns = [
  ['#', 'num', '4%'],
  ['do', '', '22%'],
  ['outcome', '', '9%'],
  ['time', 'num', '8%'],
  ['tries', 'num', '6%'],
  ['testbed clock', '', '27%'],
  ['faults', '', '24%'],
] as const;

/**
 * Every step, each followed by a full-width row with what it expected and what it got (folded, one line),
 * so opening it never squeezes the table; the step that failed shows it open.
 */
export function stepsTable(steps: StepResult[]): string {
  const colgroup = tag(
    'colgroup',
    {},
    ...columns.map(([, , width]) => tag('col', { style: `width: ${width}` })),
  );
  const header = tag(
    'tr',
    {},
    ...columns.map(([name, cls]) => tag('th', { class: cls || undefined }, escapeText(name))),
  );
  const rows = steps.flatMap((step) => [stepRow(step), ioRow(step)]);
  return tag('table', { class: 'steps' }, colgroup, tag('thead', {}, header), tag('tbody', {}, ...rows));
}

function stepRow(step: StepResult): string {
  const ran = step.outcome !== 'skipped';
  const faults = step.faults.map((fault) => `${fault.kind} ${describeTarget(fault.target)}`);
  return tag(
    'tr',
    { class: `step ${step.outcome}`, 'data-step': step.index },
    tag('td', { class: 'num' }, String(stepNumber(step))),
    tag('td', { class: 'do' }, escapeText(step.do)),
    tag('td', {}, tag('span', { class: `badge ${step.outcome}` }, escapeText(step.outcome))),
    tag('td', { class: 'num' }, ran ? escapeText(formatMs(stepMs(step))) : ''),
    tag('td', { class: 'num' }, ran ? String(step.attempts) : ''),
    tag('td', { class: 'clock' }, ran ? clockCell(step) : ''),
    tag('td', { class: 'faults' }, faults.map((fault) => tag('div', {}, escapeText(fault))).join('')),
  );
}

function clockCell(step: StepResult): string {
  const before = escapeText(formatInstant(step.clockBefore));
  if (!movedClock(step)) return before;
  const jump = tag('span', { class: 'jump' }, escapeText(formatClockJump(clockJumpMs(step))));
  return `${before} ${jump}`;
}

/** Expected and actual side by side, then why and the request; folded unless this is the step to look at. */
function ioRow(step: StepResult): string {
  const block = (term: string, value: string) =>
    tag(
      'div',
      { class: 'io-block' },
      tag('div', { class: 'io-term' }, escapeText(term)),
      tag('pre', {}, escapeText(value)),
    );
  const actual = step.error
    ? describeError(step.error)
    : step.reply !== undefined
      ? prettyJson(step.reply)
      : '—';
  const actualTerm = step.error ? 'actual: error' : step.reply !== undefined ? 'actual: reply' : 'actual';
  const open = step.outcome === 'failed' || step.outcome === 'error';
  const details = tag(
    'details',
    { open },
    tag('summary', {}, escapeText(ioSummary(step))),
    tag(
      'div',
      { class: 'io' },
      block('expected', step.expect === undefined ? 'success (no expect)' : prettyJson(step.expect)),
      block(actualTerm, actual),
      step.failure ? block('why', step.failure) : '',
      block('request', prettyJson(step.request)),
    ),
  );
  return tag(
    'tr',
    { class: `io-row ${step.outcome}` },
    tag('td', {}, ''),
    tag('td', { colspan: columns.length - 1 }, details),
  );
}

function ioSummary(step: StepResult): string {
  if (step.outcome === 'skipped') return 'not run: an earlier step did not pass';
  return `expected ${describeExpected(step)} · got ${describeActual(step)}`;
}
