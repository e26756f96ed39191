import type { ScenarioResult, SetupResult } from '../scenario/result.js';
import { escapeText } from './escape.js';
import { formatMs } from './format.js';
import { stepsTable } from './html-steps.js';
import { tag } from './markup.js';
import { timelineSvg } from './timeline-svg.js';

/** Anchors by position: scenario names are user text and need not be valid or unique ids. */
export function scenarioAnchor(position: number): string {
  return `scenario-${position + 1}`;
}

/** One scenario: folded when it passed, open when a reader has something to look at. */
export function scenarioSection(scenario: ScenarioResult, position: number): string {
  const summary = tag(
    'summary',
    {},
    tag('span', { class: `badge ${scenario.outcome}` }, escapeText(scenario.outcome)),
    tag('span', { class: 'name' }, escapeText(scenario.name)),
    tag('span', { class: 'file' }, escapeText(scenario.file)),
    tag('span', { class: 'ms' }, escapeText(formatMs(scenario.endedAt - scenario.startedAt))),
  );
  const body = tag(
    'div',
    { class: 'scenario-body' },
    scenario.description ? tag('p', { class: 'description' }, escapeText(scenario.description)) : '',
    scenario.failure ? tag('div', { class: 'failure-box' }, escapeText(scenario.failure)) : '',
    scenario.setup ? setupLine(scenario.setup) : '',
    tag('figure', { class: 'timeline-figure' }, timelineSvg(scenario)),
    scenario.steps.length > 0 ? stepsTable(scenario.steps) : '',
  );
  return tag(
    'details',
    {
      class: `scenario ${scenario.outcome}`,
      id: scenarioAnchor(position),
      open: scenario.outcome !== 'passed',
    },
    summary,
    body,
  );
}

/**
 * The setup's outcome, and the run-scoped names it gave (what to look for in service logs). A setup failure is
 * the scenario's failure, already shown above.
 */
function setupLine(setup: SetupResult): string {
  const names = Object.entries(setup.names);
  const what = `setup ${setup.outcome} in ${formatMs(setup.endedAt - setup.startedAt)}`;
  if (names.length === 0) return tag('p', { class: 'setup-line' }, escapeText(what));
  const listing = names.map(([symbolic, real]) => `${symbolic} → ${real}`).join('\n');
  return tag(
    'details',
    { class: 'setup-line setup-names' },
    tag('summary', {}, escapeText(`${what} · ${names.length} run-scoped names`)),
    tag('pre', {}, escapeText(listing)),
  );
}
