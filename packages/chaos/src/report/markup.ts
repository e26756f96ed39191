import { escapeAttr } from './escape.js';

export type Attrs = Record<string, string | number | boolean | undefined>;

/** HTML void elements and the SVG shapes used here: the only ones written as `<x/>`; `<td/>` would open a cell in HTML. */
const selfClosing = new Set(['meta', 'link', 'br', 'col', 'hr', 'img', 'rect', 'line', 'circle', 'path']);

/**
 * One element of SVG or HTML. Attribute values are escaped here; `children` are markup already (pass text
 * through `escapeText`), so nothing is escaped twice. `true` writes `name=""`, which HTML reads as a boolean
 * attribute and XML still parses — the tests check the report is well-formed XML.
 */
export function tag(name: string, attrs: Attrs = {}, ...children: string[]): string {
  const written = Object.entries(attrs)
    .filter(([, value]) => value !== undefined && value !== false)
    .map(([key, value]) => ` ${key}="${value === true ? '' : escapeAttr(String(value))}"`)
    .join('');
  if (children.length === 0 && selfClosing.has(name)) return `<${name}${written}/>`;
  return `<${name}${written}>${children.join('')}</${name}>`;
}
