/**
 * Labels are only drawn where they fit, so they never overlap. SVG text cannot be measured without a browser,
 * so labels use a monospace font whose advance is ~0.6 em in every common family, plus a little slack.
 */
export const labelFontPx = 11;
const charPx = labelFontPx * 0.62;

export function textWidthPx(text: string): number {
  return Array.from(text).length * charPx;
}

/** The text cut (with `…`) to fit `widthPx`, or undefined when not even two characters fit. */
export function fitText(text: string, widthPx: number): string | undefined {
  const chars = Array.from(text);
  const room = Math.floor(widthPx / charPx);
  if (chars.length <= room) return text;
  if (room < 3) return undefined;
  return `${chars.slice(0, room - 1).join('')}…`;
}

/** Axis labels: `0`, `250 ms`, `1.5 s`, `2.5 min`. */
export function axisLabel(ms: number): string {
  if (ms === 0) return '0';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(2))} s`;
  return `${Number((ms / 60_000).toFixed(2))} min`;
}

/** A tick step of 1, 2 or 5 × 10^k giving at most `maxTicks` intervals over the span. */
export function tickStepMs(spanMs: number, maxTicks = 8): number {
  const rough = spanMs / maxTicks;
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1e-3)));
  const nice = [1, 2, 5, 10].find((factor) => factor * power >= rough) ?? 10;
  return nice * power;
}
