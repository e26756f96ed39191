import { escapeText } from './escape.js';
import { formatClockJump } from './format.js';
import { tag } from './markup.js';
import { clockColour, faultColour } from './palette.js';
import { describeTarget, stepNumber } from './step-facts.js';
import { textWidthPx } from './svg-text.js';
import type { FaultLane, FaultWindow, Timeline } from './timeline.js';
import type { Rows, Scale } from './timeline-layout.js';
import { rowPx } from './timeline-layout.js';

/** Each fault's lane: a strip per window, and a translucent band down behind the steps it was in force for. */
export function faultLanesSvg(timeline: Timeline, rows: Rows, scale: Scale): string {
  return timeline.faultLanes.map((lane, i) => laneSvg(lane, rows.laneY[i]!, rows, scale)).join('');
}

function laneSvg(lane: FaultLane, laneY: number, rows: Rows, scale: Scale): string {
  const label = describeTarget(lane.fault.target) || lane.fault.kind;
  const boxes = lane.windows.map((window) => ({ window, x: scale.x(window.fromMs), w: 0 }));
  for (const box of boxes) box.w = Math.max(3, scale.x(box.window.toMs) - box.x);
  return boxes
    .map((box, i) => {
      const freeLeft = i === 0 ? scale.plotLeft : boxes[i - 1]!.x + boxes[i - 1]!.w;
      const freeRight = boxes[i + 1]?.x ?? scale.plotRight;
      const bandHeight = rows.stepsY + rowPx.steps - laneY;
      return tag(
        'g',
        { class: 'fault', 'data-fault-id': lane.fault.faultId },
        tag('title', {}, escapeText(windowTitle(lane, box.window, label))),
        tag('rect', {
          class: 'fault-band',
          x: box.x,
          y: laneY,
          width: box.w,
          height: bandHeight,
          fill: faultColour,
          'fill-opacity': 0.16,
        }),
        tag('rect', {
          class: 'fault-strip',
          x: box.x,
          y: laneY,
          width: box.w,
          height: rowPx.lane,
          rx: 3,
          fill: faultColour,
          'fill-opacity': 0.35,
        }),
        stripLabel(label, box.x, box.w, freeLeft, freeRight, laneY),
      );
    })
    .join('');
}

function windowTitle(lane: FaultLane, window: FaultWindow, target: string): string {
  const steps = `steps ${stepNumber(window.firstStep)}–${stepNumber(window.lastStep)}`;
  return `${lane.fault.kind} ${target}\nin force for ${steps} (fault ${lane.fault.faultId})`;
}

/**
 * The target inside the strip when it fits, else beside it where the lane is free (a lane holds one fault, so
 * there usually is room), else left out: the tooltip and the steps table still say it.
 */
function stripLabel(
  text: string,
  x: number,
  w: number,
  freeLeft: number,
  freeRight: number,
  laneY: number,
): string {
  const need = textWidthPx(text) + 8;
  const y = laneY + 13;
  const at = (lx: number, anchor: string, cls: string) =>
    tag('text', { class: cls, x: lx, y, 'text-anchor': anchor }, escapeText(text));
  if (need <= w) return at(x + 4, 'start', 'fault-label');
  if (need <= freeRight - (x + w)) return at(x + w + 4, 'start', 'fault-label outside');
  if (need <= x - freeLeft) return at(x - 4, 'end', 'fault-label outside');
  return '';
}

/** A dashed marker where a step moved the testbed clock, labelled `+1h`; labels that would collide are left out. */
export function clockJumpsSvg(timeline: Timeline, rows: Rows, scale: Scale): string {
  const clockY = rows.clockY;
  if (clockY === undefined) return '';
  let freeFromX = Number.NEGATIVE_INFINITY;
  const marks = timeline.clockJumps.map((jump) => {
    const x = scale.x(jump.atMs);
    const text = formatClockJump(jump.deltaMs);
    const pillW = textWidthPx(text) + 12;
    const pillX = Math.min(Math.max(x - pillW / 2, scale.plotLeft), scale.plotRight - pillW);
    const fits = pillX >= freeFromX;
    if (fits) freeFromX = pillX + pillW + 4;
    const title = `step ${stepNumber(jump.step)} ${jump.step.do} moved the testbed clock ${text}`;
    const line = {
      class: 'clock-line',
      x1: x,
      x2: x,
      y1: clockY + rowPx.clock - 2,
      y2: rows.stepsY + rowPx.steps,
      stroke: clockColour,
      'stroke-width': 1.5,
      'stroke-dasharray': '4 3',
    };
    const pill = { x: pillX, y: clockY + 2, width: pillW, height: rowPx.clock - 4, rx: 9, fill: clockColour };
    const labelAttrs = {
      class: 'clock-label',
      x: pillX + pillW / 2,
      y: clockY + 15,
      'text-anchor': 'middle',
    };
    return tag(
      'g',
      { class: 'clock-jump', 'data-step': jump.step.index },
      tag('title', {}, escapeText(title)),
      tag('line', line),
      fits ? tag('rect', pill) + tag('text', labelAttrs, escapeText(text)) : '',
    );
  });
  return marks.join('');
}
