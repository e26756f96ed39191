export { reportHtml } from './html.js';
export { reportJson } from './json.js';
export { junitXml } from './junit.js';
export { type RunSummary, summariseRun } from './summary.js';
export { type ReportPaths, writeReports } from './write-reports.js';
