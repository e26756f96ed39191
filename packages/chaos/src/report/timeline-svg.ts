import type { ScenarioResult, StepResult } from '../scenario/result.js';
import { escapeText } from './escape.js';
import { formatMs } from './format.js';
import { tag } from './markup.js';
import { outcomeColours, setupColour } from './palette.js';
import { faultKinds, stepMs, stepNumber } from './step-facts.js';
import { axisLabel, fitText, textWidthPx, tickStepMs } from './svg-text.js';
import { buildTimeline, type Timeline } from './timeline.js';
import { gutterPx, layoutRows, makeScale, type Rows, rowPx, type Scale, width } from './timeline-layout.js';
import { legendSvg } from './timeline-legend.js';
import { clockJumpsSvg, faultLanesSvg } from './timeline-marks.js';

/**
 * The scenario as a picture: steps on real time coloured by outcome, fault windows as shaded lanes behind
 * them, testbed clock jumps as markers, and a legend.
 */
export function timelineSvg(scenario: ScenarioResult): string {
  const timeline = buildTimeline(scenario);
  const label = `Timeline of ${scenario.name}`;
  if (!timeline.setup && timeline.ran.length === 0 && timeline.skipped.length === 0) return emptySvg(label);
  const rows = layoutRows(timeline);
  const scale = makeScale(timeline);
  const body = [
    scale.hasAxis ? gridSvg(timeline, rows, scale) : '',
    faultLanesSvg(timeline, rows, scale),
    timeline.setup ? setupBoxSvg(timeline.setup, rows, scale) : '',
    ...timeline.ran.map((placed) =>
      stepBoxSvg(placed.step, scale.x(placed.fromMs), scale.x(placed.toMs), rows),
    ),
    skippedSvg(timeline.skipped, rows, scale),
    clockJumpsSvg(timeline, rows, scale),
    gutterSvg(timeline, rows),
    legendSvg(gutterPx, rows.legendY),
  ];
  return svgRoot(label, rows.height, body.join(''));
}

function svgRoot(label: string, height: number, body: string): string {
  const attrs = {
    class: 'timeline',
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': label,
    xmlns: 'http://www.w3.org/2000/svg',
  };
  return tag('svg', attrs, tag('title', {}, escapeText(label)), body);
}

function emptySvg(label: string): string {
  const text = tag('text', { x: 0, y: 20, class: 'empty' }, 'Nothing ran: no setup, no steps.');
  return svgRoot(label, 30, text);
}

/** Tick lines and labels of the real-time axis, measured from the first step's start. */
function gridSvg(timeline: Timeline, rows: Rows, scale: Scale): string {
  const step = tickStepMs(timeline.spanMs);
  const top = rows.clockY ?? rows.laneY[0] ?? rows.stepsY;
  const parts: string[] = [];
  for (let ms = 0; ms <= timeline.spanMs + 1e-9; ms += step) {
    const x = scale.x(ms);
    const anchor = x > scale.plotRight - 30 ? 'end' : 'middle';
    parts.push(
      tag('line', { class: 'tick', x1: x, x2: x, y1: top, y2: rows.axisY }),
      tag('text', { class: 'axis', x, y: rows.axisY + 13, 'text-anchor': anchor }, escapeText(axisLabel(ms))),
    );
  }
  const baseline = {
    class: 'axis-line',
    x1: scale.plotLeft,
    x2: scale.plotRight,
    y1: rows.axisY,
    y2: rows.axisY,
  };
  return tag('g', { class: 'grid' }, ...parts, tag('line', baseline));
}

/** Setup sits left of the axis at a fixed width, its duration written under it. */
function setupBoxSvg(setup: NonNullable<Timeline['setup']>, rows: Rows, scale: Scale): string {
  const fill = setup.outcome === 'passed' ? setupColour : outcomeColours.error;
  const title = `setup ${setup.outcome} · ${formatMs(setup.ms)} (drawn beside the time axis, not to scale)`;
  const centre = scale.setupLeft + scale.setupWidth / 2;
  const caption = tag(
    'text',
    { class: 'axis', x: centre, y: rows.axisY + 13, 'text-anchor': 'middle' },
    escapeText(formatMs(setup.ms)),
  );
  const box = boxSvg({ class: 'setup', fill }, scale.setupLeft, scale.setupWidth, rows, title, 'setup');
  return box + caption;
}

function stepBoxSvg(step: StepResult, x0: number, x1: number, rows: Rows): string {
  const w = Math.max(2, x1 - x0);
  const attrs = {
    class: `step step-${step.outcome}`,
    'data-step': step.index,
    fill: outcomeColours[step.outcome],
  };
  return boxSvg(attrs, x0, w, rows, stepTitle(step), stepLabel(step, w - 8));
}

/** The `do` when it fits, else the step number, else nothing (the tooltip always has everything). */
function stepLabel(step: StepResult, roomPx: number): string | undefined {
  if (textWidthPx(step.do) <= roomPx) return step.do;
  const number = String(stepNumber(step));
  return textWidthPx(number) <= roomPx + 5 ? number : undefined;
}

function stepTitle(step: StepResult): string {
  const run = step.outcome === 'skipped' ? 'not run' : formatMs(stepMs(step));
  const tries = step.attempts > 1 ? ` · ${step.attempts} attempts` : '';
  const lines = [`step ${stepNumber(step)} ${step.do} — ${step.outcome} · ${run}${tries}`];
  if (step.faults.length > 0) lines.push(`faults: ${faultKinds(step)}`);
  if (step.failure) lines.push(step.failure);
  return lines.join('\n');
}

function boxSvg(
  attrs: Record<string, string | number>,
  x: number,
  w: number,
  rows: Rows,
  title: string,
  label: string | undefined,
): string {
  const y = rows.stepsY + rowPx.boxInset;
  const height = rowPx.steps - 2 * rowPx.boxInset;
  const fitted = label === undefined ? undefined : fitText(label, w - 6);
  const textClass = attrs.fill === outcomeColours.skipped ? 'box-label dark' : 'box-label';
  const text = fitted
    ? tag(
        'text',
        { class: textClass, x: x + w / 2, y: y + height / 2 + 4, 'text-anchor': 'middle' },
        escapeText(fitted),
      )
    : '';
  return tag(
    'g',
    {},
    tag('title', {}, escapeText(title)),
    tag('rect', { ...attrs, x, y, width: w, height, rx: 3 }),
    text,
  );
}

/** Steps that never ran, after the time axis: they have no time of their own. */
function skippedSvg(skipped: StepResult[], rows: Rows, scale: Scale): string {
  if (skipped.length === 0) return '';
  const each = scale.skippedBoxWidth;
  const boxes = skipped.map((step, i) => {
    const x = scale.skippedLeft + i * each;
    return stepBoxSvg(step, x, x + each - 2, rows);
  });
  const caption = tag('text', { class: 'axis', x: scale.skippedLeft, y: rows.axisY + 13 }, 'not run');
  return tag('g', { class: 'skipped' }, ...boxes, caption);
}

/** Row names on the left: `clock`, each fault's kind, `steps`. */
function gutterSvg(timeline: Timeline, rows: Rows): string {
  const name = (text: string, y: number, height: number) =>
    tag(
      'text',
      { class: 'row-name', x: gutterPx - 10, y: y + height / 2 + 4, 'text-anchor': 'end' },
      escapeText(fitText(text, gutterPx - 16) ?? ''),
    );
  const parts = [name('steps', rows.stepsY, rowPx.steps)];
  if (rows.clockY !== undefined) parts.push(name('testbed clock', rows.clockY, rowPx.clock));
  timeline.faultLanes.forEach((lane, i) => {
    parts.push(name(lane.fault.kind, rows.laneY[i]!, rowPx.lane));
  });
  return tag('g', { class: 'gutter' }, ...parts);
}
