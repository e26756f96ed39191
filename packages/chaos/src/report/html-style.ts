import { clockColour, faultColour, outcomeColours, setupColour } from './palette.js';

const mono =
  'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';

/** The page's only stylesheet, inline so report.html is one file that opens anywhere (CI artifacts, mail). */
export const reportCss = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5d6675; --line: #dfe3ea; --soft: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: #fff; }
main { max-width: 1320px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 10px; }
code, .mono, pre { font-family: ${mono}; font-size: 12.5px; }
.muted { color: var(--muted); fill: var(--muted); }
.verdict { display: inline-block; margin-left: 10px; vertical-align: 3px; }
.stats { display: flex; gap: 12px; margin: 16px 0 8px; flex-wrap: wrap; }
.stat { border: 1px solid var(--line); border-radius: 8px; padding: 8px 16px; min-width: 110px; background: var(--soft); }
.stat b { display: block; font-size: 24px; line-height: 1.2; }
.stat span { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.stat.passed b { color: ${outcomeColours.passed}; } .stat.failed b { color: ${outcomeColours.failed}; }
.stat.error b { color: ${outcomeColours.error}; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0 0; color: var(--muted); }
dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; color: var(--ink); }
.badge { display: inline-block; min-width: 58px; text-align: center; padding: 1px 8px; border-radius: 10px;
  font-size: 12px; font-weight: 600; color: #fff; background: ${outcomeColours.skipped}; }
.badge.passed { background: ${outcomeColours.passed}; } .badge.failed { background: ${outcomeColours.failed}; }
.badge.error { background: ${outcomeColours.error}; } .badge.skipped { background: ${outcomeColours.skipped}; }
.badge.setup { background: ${setupColour}; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; background: var(--soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.summary td.failure { overflow-wrap: anywhere; font-size: 13px; }
table.summary td { white-space: nowrap; }
table.summary td:first-child { white-space: normal; overflow-wrap: break-word; }
table.summary td.failure { white-space: normal; }
table.summary a { color: inherit; font-weight: 600; }
details.scenario { border: 1px solid var(--line); border-radius: 8px; margin: 14px 0; background: #fff; }
details.scenario[open] { box-shadow: 0 1px 3px rgba(0,0,0,.06); }
details.scenario.failed { border-left: 5px solid ${outcomeColours.failed}; }
details.scenario.error { border-left: 5px solid ${outcomeColours.error}; }
details.scenario.passed { border-left: 5px solid ${outcomeColours.passed}; }
details.scenario > summary { cursor: pointer; padding: 10px 14px; display: flex; gap: 12px; align-items: baseline;
  list-style: none; }
details.scenario > summary::-webkit-details-marker { display: none; }
details.scenario > summary::before { content: '▸'; color: var(--muted); width: 10px; }
details.scenario[open] > summary::before { content: '▾'; }
details.scenario > summary .name { font-weight: 600; font-size: 15px; }
details.scenario > summary .file { color: var(--muted); font-family: ${mono}; font-size: 12px; }
details.scenario > summary .ms { margin-left: auto; color: var(--muted); font-variant-numeric: tabular-nums; }
.scenario-body { padding: 0 16px 16px; }
.description { margin: 0 0 10px; color: var(--ink); max-width: 90ch; }
.failure-box { border: 1px solid #f0c4c1; background: #fdf1f0; border-radius: 6px; padding: 8px 12px; margin: 0 0 12px;
  font-family: ${mono}; font-size: 12.5px; white-space: pre-wrap; overflow-wrap: anywhere; }
.scenario.error .failure-box { border-color: #f3d2a8; background: #fdf5ea; }
figure.timeline-figure { margin: 4px 0 14px; }
svg.timeline { display: block; width: 100%; height: auto; }
svg.timeline text { font-family: ${mono}; font-size: 11px; }
svg.timeline .tick { stroke: #eef0f4; stroke-width: 1; }
svg.timeline .axis-line { stroke: #b8bfca; stroke-width: 1; }
svg.timeline .axis, svg.timeline .row-name, svg.timeline .legend { fill: var(--muted); }
svg.timeline .row-name { font-weight: 600; }
svg.timeline .empty { font-family: system-ui, sans-serif; font-size: 14px; fill: var(--muted); }
svg.timeline .legend { font-family: system-ui, sans-serif; font-size: 12px; }
svg.timeline .box-label { fill: #fff; font-weight: 600; }
svg.timeline .box-label.dark { fill: var(--ink); }
svg.timeline .fault-label { fill: #3f2470; }
svg.timeline .fault-label.outside { fill: #6a4aa8; }
svg.timeline .clock-label { fill: #fff; font-weight: 700; }
svg.timeline rect.step, svg.timeline rect.setup { stroke: #fff; stroke-width: 1; }
svg.timeline rect.fault-strip { stroke: ${faultColour}; stroke-opacity: .5; }
table.steps { table-layout: fixed; }
table.steps td { font-size: 13px; }
table.steps tr.step td { border-bottom: 0; padding: 5px 8px 0; }
table.steps tr.io-row td { padding: 0 8px 5px; }
table.steps td.do { font-family: ${mono}; font-size: 12.5px; overflow-wrap: anywhere; }
table.steps td.clock { font-family: ${mono}; font-size: 12px; }
table.steps td.clock .jump { color: #fff; background: ${clockColour}; border-radius: 8px; padding: 0 6px; font-weight: 700; }
table.steps tr.failed td, table.steps tr.error td { background: #fff6f5; }
table.steps tr.skipped td { color: var(--muted); }
table.steps td.faults { font-size: 12px; overflow-wrap: anywhere; color: #4b2d86; }
table.steps details summary { cursor: pointer; color: var(--muted); font-size: 12px; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; font-family: ${mono}; }
table.steps details[open] summary { color: var(--ink); }
table.steps .io { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 14px; margin: 6px 0 4px; }
table.steps .io-term { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
table.steps pre, .setup-names pre { margin: 3px 0 0; padding: 8px; background: var(--soft); border-radius: 4px;
  white-space: pre-wrap; overflow-wrap: anywhere; max-height: 320px; overflow: auto; }
.setup-line { margin: 0 0 8px; color: var(--muted); font-size: 13px; }
`;
