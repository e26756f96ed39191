import type { RunResult, ScenarioResult } from '../scenario/result.js';
import { escapeText } from './escape.js';
import { formatInstant, formatMs } from './format.js';
import { scenarioAnchor, scenarioSection } from './html-scenario.js';
import { reportCss } from './html-style.js';
import { tag } from './markup.js';
import { type RunSummary, summariseRun } from './summary.js';

/**
 * report.html: one self-contained file (inline CSS and SVG, no script) that a person reads top-down — totals,
 * a summary table, then each scenario with its timeline and steps. Failed scenarios open, passed ones folded.
 */
export function reportHtml(run: RunResult): string {
  const summary = summariseRun(run);
  const head = tag(
    'head',
    {},
    tag('meta', { charset: 'utf-8' }),
    tag('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    tag('title', {}, escapeText(`cmk-testbed report — ${verdictText(summary)}`)),
    tag('style', {}, reportCss),
  );
  const main = tag(
    'main',
    {},
    headerHtml(run, summary),
    tag('h2', {}, 'Scenarios'),
    summaryTable(run.scenarios),
    ...run.scenarios.map(scenarioSection),
  );
  return `<!DOCTYPE html>\n${tag('html', { lang: 'en' }, head, tag('body', {}, main))}\n`;
}

function verdictText(summary: RunSummary): string {
  if (summary.scenarios === 0) return 'no scenarios';
  const bad = summary.failed + summary.errors;
  return bad === 0 ? `all ${summary.passed} passed` : `${bad} of ${summary.scenarios} not passed`;
}

function headerHtml(run: RunResult, summary: RunSummary): string {
  const ok = summary.failed + summary.errors === 0;
  const verdict = tag(
    'span',
    { class: `badge verdict ${ok ? 'passed' : 'failed'}` },
    ok ? 'PASSED' : 'FAILED',
  );
  const stat = (value: number, label: string, kind: string) =>
    tag('div', { class: `stat ${kind}` }, tag('b', {}, String(value)), tag('span', {}, label));
  const meta = (term: string, value: string) => tag('dt', {}, term) + tag('dd', {}, value);
  return tag(
    'header',
    {},
    tag('h1', {}, `cmk-testbed scenario report${verdict}`),
    tag(
      'div',
      { class: 'stats' },
      stat(summary.scenarios, 'scenarios', 'total'),
      stat(summary.passed, 'passed', 'passed'),
      stat(summary.failed, 'failed', 'failed'),
      stat(summary.errors, 'errors', 'error'),
    ),
    tag(
      'dl',
      { class: 'meta' },
      meta('seed', tag('code', {}, escapeText(String(run.seed)))),
      meta('NATS URL', tag('code', {}, escapeText(run.natsUrl))),
      meta('started', escapeText(formatInstant(run.startedAt))),
      meta('wall time', escapeText(formatMs(summary.wallMs))),
    ),
  );
}

function summaryTable(scenarios: ScenarioResult[]): string {
  const header = tag(
    'tr',
    {},
    tag('th', {}, 'scenario'),
    tag('th', {}, 'outcome'),
    tag('th', { class: 'num' }, 'steps'),
    tag('th', { class: 'num' }, 'time'),
    tag('th', {}, 'first failure'),
  );
  const rows = scenarios.map((scenario, i) =>
    tag(
      'tr',
      {},
      tag('td', {}, tag('a', { href: `#${scenarioAnchor(i)}` }, escapeText(scenario.name))),
      tag('td', {}, outcomeBadge(scenario.outcome)),
      tag('td', { class: 'num' }, escapeText(stepCount(scenario))),
      tag('td', { class: 'num' }, escapeText(formatMs(scenario.endedAt - scenario.startedAt))),
      tag('td', { class: 'failure', title: scenario.failure }, escapeText(scenario.failure ?? '')),
    ),
  );
  return tag(
    'table',
    { class: 'summary' },
    tag('thead', {}, header),
    tag('tbody', {}, ...(rows.length ? rows : [''])),
  );
}

/** `5`, or `2 of 5 run` when later steps were skipped after a failure. */
function stepCount(scenario: ScenarioResult): string {
  const total = scenario.steps.length;
  const ran = scenario.steps.filter((step) => step.outcome !== 'skipped').length;
  return ran === total ? String(total) : `${ran} of ${total} run`;
}

export function outcomeBadge(outcome: string): string {
  return tag('span', { class: `badge ${outcome}` }, escapeText(outcome));
}
