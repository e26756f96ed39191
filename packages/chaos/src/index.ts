export { clockHandlers } from './clock/clock-handlers.js';
export { type ReportPaths, writeReports } from './report/write-reports.js';
export { expandScenarioPaths } from './scenario/load.js';
export type { RunResult, ScenarioResult } from './scenario/result.js';
export { runScenarioFiles } from './scenario/run.js';
export type { RunOptions } from './scenario/run-options.js';
export { startChaosService } from './service.js';
