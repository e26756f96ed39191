import { escapeText } from './escape.js';
import { tag } from './markup.js';
import { clockColour, faultColour, outcomeColours, setupColour } from './palette.js';
import { textWidthPx } from './svg-text.js';

/** Each picture carries its own legend, so a screenshot or a copied SVG still explains itself. */
export function legendSvg(left: number, y: number): string {
  const items: Array<[string, string]> = [
    ['passed', swatch(outcomeColours.passed)],
    ['failed', swatch(outcomeColours.failed)],
    ['error', swatch(outcomeColours.error)],
    ['skipped', swatch(outcomeColours.skipped)],
    ['setup (not to scale)', swatch(setupColour)],
    ['fault in force', swatch(faultColour, 0.32)],
    ['testbed clock jump', clockSwatch()],
  ];
  let x = left;
  const parts = items.map(([name, mark]) => {
    const item = tag(
      'g',
      { transform: `translate(${x} ${y})` },
      mark,
      tag('text', { class: 'legend', x: 18, y: 11 }, escapeText(name)),
    );
    x += 18 + textWidthPx(name) + 18;
    return item;
  });
  return tag('g', { class: 'legend' }, ...parts);
}

function swatch(fill: string, opacity = 1): string {
  return tag('rect', { x: 0, y: 1, width: 13, height: 13, rx: 2, fill, 'fill-opacity': opacity });
}

function clockSwatch(): string {
  return tag('line', {
    x1: 6,
    x2: 6,
    y1: 0,
    y2: 15,
    stroke: clockColour,
    'stroke-width': 1.5,
    'stroke-dasharray': '4 3',
  });
}
