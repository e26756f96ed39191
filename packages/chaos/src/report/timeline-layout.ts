import type { Timeline } from './timeline.js';

/** The picture is drawn in fixed viewBox units (the page scales it), so label fitting can be exact. */
export const width = 1200;
export const gutterPx = 150;
const rightPadPx = 14;
const setupPx = 96;
const sideGapPx = 14;
const skippedBoxPx = 18;
export const rowPx = {
  clock: 22,
  lane: 18,
  laneGap: 3,
  steps: 34,
  boxInset: 5,
  axis: 20,
  legend: 22,
  gap: 6,
} as const;

/** Vertical positions of the picture's rows; the clock row only exists when the clock jumped. */
export interface Rows {
  clockY?: number;
  laneY: number[];
  stepsY: number;
  axisY: number;
  legendY: number;
  height: number;
}

/**
 * Horizontal regions, left to right: row names, setup (not to scale), the real-time plot, steps not run.
 * `x` maps ms from the first step's start onto the plot.
 */
export interface Scale {
  x(ms: number): number;
  hasAxis: boolean;
  plotLeft: number;
  plotRight: number;
  setupLeft: number;
  setupWidth: number;
  skippedLeft: number;
  skippedBoxWidth: number;
}

export function layoutRows(timeline: Timeline): Rows {
  let y = 6;
  const clockY = timeline.clockJumps.length > 0 ? y : undefined;
  if (clockY !== undefined) y += rowPx.clock + rowPx.gap;
  const laneY = timeline.faultLanes.map(() => {
    const laneTop = y;
    y += rowPx.lane + rowPx.laneGap;
    return laneTop;
  });
  if (laneY.length > 0) y += rowPx.gap - rowPx.laneGap;
  const stepsY = y;
  const axisY = stepsY + rowPx.steps + 2;
  const legendY = axisY + rowPx.axis + rowPx.gap;
  const height = legendY + rowPx.legend;
  return { ...(clockY === undefined ? {} : { clockY }), laneY, stepsY, axisY, legendY, height };
}

export function makeScale(timeline: Timeline): Scale {
  const hasAxis = timeline.ran.length > 0;
  const setupWidth = timeline.setup ? setupPx : 0;
  const plotLeft = gutterPx + (timeline.setup ? setupPx + sideGapPx : 0);
  const skipped = timeline.skipped.length;
  const skippedBoxWidth = skipped > 0 ? Math.min(skippedBoxPx, 220 / skipped) : 0;
  // At least wide enough for its "not run" caption.
  const skippedWidth = skipped > 0 ? Math.max(56, skipped * skippedBoxWidth) : 0;
  const plotRight = hasAxis ? width - rightPadPx - (skipped > 0 ? skippedWidth + sideGapPx : 0) : plotLeft;
  const skippedLeft = hasAxis ? plotRight + sideGapPx : plotLeft;
  const x = (ms: number) =>
    plotLeft + (Math.min(Math.max(ms, 0), timeline.spanMs) / timeline.spanMs) * (plotRight - plotLeft);
  return { x, hasAxis, plotLeft, plotRight, setupLeft: gutterPx, setupWidth, skippedLeft, skippedBoxWidth };
}
