import { describe, expect, it } from 'vitest';
import { reportHtml } from './html.js';
import { clockColour, outcomeColours } from './palette.js';
import { fixtureRun, runOf, ScenarioBuilder } from './testing-fixtures.js';
import { classes, findAll, parseXml, textOf, type XmlElement } from './testing-xml.js';

const hostile = `evil <script>alert("x")</script> & 'q'\u0007`;

function sections(root: XmlElement): XmlElement[] {
  return findAll(root, 'details').filter((element) => classes(element).includes('scenario'));
}

function stepRect(svg: XmlElement, index: number): XmlElement {
  const rect = findAll(svg, 'rect').find((r) => r.attrs['data-step'] === String(index));
  if (!rect) throw new Error(`no rect for step index ${index}`);
  return rect;
}

const right = (rect: XmlElement) => Number(rect.attrs.x) + Number(rect.attrs.width);

describe('report.html', () => {
  const run = fixtureRun();
  const html = reportHtml(run);
  // The page is written as well-formed XML (HTML reads it the same), so a strict parser proves the escaping.
  const root = parseXml(html);
  const [passed, failed, errored] = sections(root);

  it('shows the totals, seed, NATS URL and wall time in its header', () => {
    const header = textOf(only(root, 'header'));
    expect(header).toMatch(/3\s*scenarios/);
    expect(header).toContain('424242');
    expect(header).toContain('nats://127.0.0.1:4222');
    expect(header).toContain('wall time');
  });

  it('is one self-contained file: no scripts, stylesheets, images or links out', () => {
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(/i);
    const hrefs = findAll(root, 'a').map((a) => a.attrs.href ?? '');
    expect(hrefs.length).toBe(3);
    expect(hrefs.every((href) => href.startsWith('#scenario-'))).toBe(true);
  });

  it('has a summary row and a section per scenario, failed ones open and passed ones folded', () => {
    expect(findAll(only(root, 'table'), 'tr').slice(1)).toHaveLength(3);
    expect(sections(root)).toHaveLength(3);
    expect('open' in passed!.attrs).toBe(false);
    expect('open' in failed!.attrs).toBe(true);
    expect('open' in errored!.attrs).toBe(true);
  });

  it('draws one timeline picture per scenario', () => {
    expect(findAll(root, 'svg')).toHaveLength(3);
    for (const section of sections(root)) expect(findAll(section, 'svg')).toHaveLength(1);
    expect(textOf(only(errored!, 'svg'))).toContain('Nothing ran');
  });

  it('colours each step by its outcome', () => {
    const svg = only(failed!, 'svg');
    expect(stepRect(svg, 0).attrs.fill).toBe(outcomeColours.passed);
    expect(classes(stepRect(svg, 2))).toContain('step-failed');
    expect(stepRect(svg, 2).attrs.fill).toBe(outcomeColours.failed);
    expect(stepRect(svg, 3).attrs.fill).toBe(outcomeColours.skipped);
  });

  it('shades a fault from the start of the first step it was in force for to the end of the last', () => {
    const svg = only(passed!, 'svg');
    const bands = findAll(svg, 'rect').filter((rect) => classes(rect).includes('fault-band'));
    expect(bands).toHaveLength(1);
    expect(Number(bands[0]!.attrs.x)).toBeCloseTo(Number(stepRect(svg, 3).attrs.x), 6);
    expect(right(bands[0]!)).toBeCloseTo(right(stepRect(svg, 4)), 6);
    expect(textOf(svg)).toContain('vault-unavailable');
  });

  it('marks the testbed clock jump at the end of the step that made it, labelled +1h', () => {
    const jumps = findAll(only(passed!, 'svg'), 'g').filter((g) => classes(g).includes('clock-jump'));
    expect(jumps).toHaveLength(1);
    expect(jumps[0]!.attrs['data-step']).toBe('5');
    const line = only(jumps[0]!, 'line');
    expect(line.attrs.stroke).toBe(clockColour);
    expect(Number(line.attrs.x1)).toBeCloseTo(right(stepRect(only(passed!, 'svg'), 5)), 6);
    expect(findAll(jumps[0]!, 'text').map(textOf)).toEqual(['+1h']);
  });

  it('lists the steps with expected and actual, the failing one open', () => {
    const rows = findAll(failed!, 'tr').filter((tr) => classes(tr).includes('step'));
    expect(rows.map((tr) => tr.attrs['data-step'])).toEqual(['0', '1', '2', '3']);
    const io = findAll(failed!, 'tr').filter((tr) => classes(tr).includes('io-row'));
    const failing = only(io[2]!, 'details');
    expect('open' in failing.attrs).toBe(true);
    expect('open' in only(io[0]!, 'details').attrs).toBe(false);
    expect(textOf(failing)).toContain('KeyVaultEncryptionKeyNotFound');
    expect(textOf(failing)).toContain('"utf8": "hello"');
  });

  it('escapes names, descriptions and failures everywhere, and still parses', () => {
    const scenario = new ScenarioBuilder({ name: hostile, file: hostile, description: hostile, startedAt: 0 })
      .step({
        do: hostile,
        ms: 5,
        outcome: 'failed',
        failure: hostile,
        faults: [{ faultId: hostile, kind: hostile, target: { vault: hostile } }],
      })
      .build();
    const page = reportHtml(runOf([scenario]));
    expect(page).not.toContain('<script>');
    const parsed = parseXml(page);
    const shown = hostile.replace('\u0007', '\\u0007');
    const name = findAll(parsed, 'span').find((span) => classes(span).includes('name'));
    expect(name && textOf(name)).toBe(shown);
    expect(textOf(only(parsed, 'title'))).toContain('not passed');
    expect(findAll(parsed, 'title').some((title) => textOf(title).includes(`step 1 ${shown}`))).toBe(true);
  });
});

function only(root: XmlElement, name: string): XmlElement {
  const found = findAll(root, name);
  if (found.length < 1) throw new Error(`no <${name}>`);
  return found[0]!;
}
