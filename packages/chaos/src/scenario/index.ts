export { checkExpectation, differ, type Observed } from './expect.js';
export { expandScenarioPaths, type LoadedScenario, loadScenarioFile, stepContracts } from './load.js';
export type {
  ActiveFault,
  RunResult,
  ScenarioResult,
  SetupResult,
  StepError,
  StepOutcome,
  StepResult,
} from './result.js';
export { runScenario, runScenarioFiles } from './run.js';
export type { RunOptions } from './run-options.js';
export { type Scenario, type ScenarioStep, scenarioSchema } from './schema.js';
