import type { Testbed } from '@cmk-testbed/shared';
import { Operator } from '../admin/operator.js';
import { FaultView } from './fault-view.js';
import { type LoadedScenario, loadScenarioFile } from './load.js';
import { RunNames } from './names.js';
import type { RunResult, ScenarioResult, StepResult } from './result.js';
import type { RunOptions } from './run-options.js';
import { runStep, type StepContext } from './run-step.js';
import type { Scenario, ScenarioStep } from './schema.js';
import { ScenarioWorld } from './world.js';
import { SetupError } from './world-builder.js';

/**
 * Runs scenario files one after another on one testbed. A file that cannot be loaded, a setup that fails
 * and a step that differs from its expectation are each reported precisely and the run goes on to the next
 * scenario; every scenario ends with `chaos.reset`, so faults never leak into the next one.
 */
export async function runScenarioFiles(
  tb: Testbed,
  natsUrl: string,
  files: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const seed = options.seed ?? 1;
  const startedAt = Date.now();
  const operator = new Operator(tb.nc, {
    instance: `cmk-testbed-runner-${process.pid}`,
    clock: tb.localClock,
  });
  const scenarios: ScenarioResult[] = [];
  try {
    for (const [index, file] of files.entries()) {
      const loaded = await loadScenarioFile(file);
      const result = await runLoaded(tb, operator, loaded, { ...options, seed: seed + index * 1000 });
      scenarios.push(result);
      options.onScenario?.(result, { index, total: files.length });
    }
  } finally {
    operator.close();
  }
  return { startedAt, endedAt: Date.now(), seed, natsUrl, scenarios };
}

async function runLoaded(
  tb: Testbed,
  operator: Operator,
  loaded: LoadedScenario,
  options: RunOptions,
): Promise<ScenarioResult> {
  if (!loaded.ok) {
    const now = Date.now();
    return {
      name: loaded.name,
      file: loaded.file,
      outcome: 'error',
      startedAt: now,
      endedAt: now,
      failure: loaded.error,
      steps: [],
    };
  }
  return runScenario(tb, operator, loaded.scenario, loaded.file, options);
}

/** Runs one validated scenario: setup, then its steps until the first that does not pass. */
async function runScenario(
  tb: Testbed,
  operator: Operator,
  scenario: Scenario,
  file: string,
  options: RunOptions = {},
): Promise<ScenarioResult> {
  const startedAt = Date.now();
  const world = new ScenarioWorld(tb, operator, scenario, new RunNames());
  const result: ScenarioResult = {
    name: scenario.name,
    file,
    description: scenario.description,
    outcome: 'passed',
    startedAt,
    endedAt: startedAt,
    steps: [],
  };
  try {
    try {
      await world.build();
      result.setup = { outcome: 'passed', startedAt, endedAt: Date.now(), names: world.names };
    } catch (error) {
      const failure = error instanceof SetupError ? error.message : `setup: ${(error as Error).message}`;
      result.setup = { outcome: 'error', startedAt, endedAt: Date.now(), failure, names: world.names };
      result.outcome = 'error';
      result.failure = failure;
      return result;
    }
    const context: StepContext = {
      tb,
      operator,
      world,
      saved: new Map<string, unknown>(),
      faultView: new FaultView(tb, world),
      options,
    };
    let stopped = false;
    for (const [index, step] of scenario.steps.entries()) {
      if (stopped) {
        result.steps.push(skipped(index, step));
        continue;
      }
      const stepResult = await runStep(context, step, index);
      result.steps.push(stepResult);
      if (stepResult.outcome !== 'passed') {
        stopped = true;
        result.outcome = stepResult.outcome === 'failed' ? 'failed' : 'error';
        result.failure = `step ${index + 1} ${step.do}${step.name ? ` (${step.name})` : ''}: ${stepResult.failure}`;
      }
    }
    return result;
  } finally {
    await resetFaults(tb, result);
    result.endedAt = Date.now();
  }
}

/** Undoes every fault the scenario left; a fault that could not be undone fails the scenario, loudly. */
async function resetFaults(tb: Testbed, result: ScenarioResult): Promise<void> {
  try {
    const { failed } = await tb.chaos.reset({});
    if (failed.length > 0 && result.outcome === 'passed') {
      result.outcome = 'error';
      result.failure = `reset: ${failed.map((f) => `${f.faultId}: ${f.message}`).join('; ')}`;
    }
  } catch (error) {
    if (result.outcome === 'passed') {
      result.outcome = 'error';
      result.failure = `reset: the chaos controller did not clear the scenario's faults: ${(error as Error).message}`;
    }
  }
}

function skipped(index: number, step: ScenarioStep): StepResult {
  const now = Date.now();
  return {
    index,
    do: step.do,
    outcome: 'skipped',
    startedAt: now,
    endedAt: now,
    clockBefore: 0,
    clockAfter: 0,
    attempts: 0,
    request: step.with,
    faults: [],
  };
}
