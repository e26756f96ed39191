import { AzureError, type InjectedFault, parseDuration, type Testbed } from '@cmk-testbed/shared';
import { Operator } from '../admin/operator.js';
import { checkExpectation, type Observed } from './expect.js';
import { type LoadedScenario, loadScenarioFile } from './load.js';
import { RunNames } from './names.js';
import { pick, ScenarioReferenceError, substitute } from './refs.js';
import type { ActiveFault, RunResult, ScenarioResult, StepError, StepResult } from './result.js';
import type { Scenario, ScenarioStep } from './schema.js';
import { completeCall, prepareCall, StepInputError } from './translate.js';
import { ScenarioWorld, SetupError } from './world.js';

export interface RunOptions {
  /** Seeds every `chaos.inject` step that gives no seed of its own, so probabilistic faults replay. */
  seed?: number;
  /** Called once per scenario as it finishes (the CLI prints its progress line here). */
  onScenario?: (result: ScenarioResult, position: { index: number; total: number }) => void;
  /** Real time between `within` retries, ms (default 100). */
  retryIntervalMs?: number;
}

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
  const operator = await Operator.start(tb.nc, {
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
export async function runScenario(
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
    const saved = new Map<string, unknown>();
    const faultView = new FaultView(tb, world);
    let stopped = false;
    for (const [index, step] of scenario.steps.entries()) {
      if (stopped) {
        result.steps.push(skipped(index, step));
        continue;
      }
      const stepResult = await runStep(tb, operator, world, step, index, saved, faultView, options);
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
    const reply = (await tb.chaos.reset({})) as {
      cleared: number;
      failed?: { faultId: string; message: string }[];
    };
    if (reply.failed && reply.failed.length > 0 && result.outcome === 'passed') {
      result.outcome = 'error';
      result.failure = `reset: ${reply.failed.map((f) => `${f.faultId}: ${f.message}`).join('; ')}`;
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

async function runStep(
  tb: Testbed,
  operator: Operator,
  world: ScenarioWorld,
  step: ScenarioStep,
  index: number,
  saved: Map<string, unknown>,
  faultView: FaultView,
  options: RunOptions,
): Promise<StepResult> {
  const startedAt = Date.now();
  const clockBefore = await clockNow(tb);
  const faults = await faultView.current();
  const base = {
    index,
    do: step.do,
    ...(step.name ? { name: step.name } : {}),
    startedAt,
    clockBefore,
    faults,
    request: step.with as unknown,
  };
  const lookup = (reference: string) => {
    if (saved.has(reference)) return saved.get(reference);
    const [head, ...path] = reference.split('.');
    if (head !== undefined && path.length > 0 && saved.has(head))
      return pick(saved.get(head), path.join('.'));
    return world.attribute(reference);
  };
  let input: Record<string, unknown>;
  let expect: ScenarioStep['expect'];
  try {
    input = substitute(step.with, lookup, 'with') as Record<string, unknown>;
    expect = substitute(step.expect, lookup, 'expect') as ScenarioStep['expect'];
  } catch (error) {
    return finish(tb, faultView, {
      ...base,
      outcome: 'error',
      attempts: 0,
      failure: (error as Error).message,
    });
  }
  const within = expect?.within !== undefined ? parseDuration(expect.within, 'expect.within') : 0;
  const deadline = Date.now() + within;
  let attempts = 0;
  let observed: Observed = {};
  let request: unknown = input;
  let failure: string | undefined;
  for (;;) {
    attempts++;
    try {
      const prepared = await prepare(world, operator, step, input, options, index);
      request = prepared.request;
      observed = await call(tb, operator, world, step, prepared);
    } catch (error) {
      if (error instanceof StepInputError || error instanceof ScenarioReferenceError) {
        return finish(tb, faultView, {
          ...base,
          outcome: 'error',
          attempts,
          request,
          failure: error.message,
        });
      }
      throw error;
    }
    failure = checkExpectation(expect, observed);
    if (failure === undefined || Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, options.retryIntervalMs ?? 100));
  }
  if (observed.error === undefined && step.do.startsWith('storage.')) world.observeAccount(observed.reply);
  if (failure === undefined && step.save) {
    for (const [variable, path] of Object.entries(step.save)) {
      const value = pick(observed.reply ?? observed.error, path);
      if (value === undefined) {
        failure = `save.${variable}: the reply has nothing at '${path}'`;
        break;
      }
      saved.set(variable, value);
    }
  }
  if (failure !== undefined && within > 0)
    failure = `${failure} (still so after ${attempts} attempts over ${within} ms)`;
  return finish(tb, faultView, {
    ...base,
    outcome: failure === undefined ? 'passed' : 'failed',
    attempts,
    request,
    ...(observed.error ? { error: observed.error } : { reply: observed.reply }),
    ...(expect !== undefined ? { expect } : {}),
    failure,
  });
}

async function prepare(
  world: ScenarioWorld,
  operator: Operator,
  step: ScenarioStep,
  input: Record<string, unknown>,
  options: RunOptions,
  index: number,
) {
  void operator;
  let prepared: ReturnType<typeof prepareCall>;
  try {
    prepared = prepareCall(step, input, world);
    await completeCall(prepared, world);
  } catch (error) {
    if (error instanceof StepInputError) throw error;
    if (error instanceof AzureError)
      throw new StepInputError(`with: resolving a name failed: ${error.message}`);
    throw new StepInputError((error as Error).message);
  }
  if (
    prepared.service === 'chaos' &&
    prepared.operation === 'inject' &&
    prepared.request.seed === undefined
  ) {
    prepared.request.seed = (options.seed ?? 1) + index;
  }
  return prepared;
}

/** Sends the step; an Azure-shaped error is an outcome to compare, not a crash. */
async function call(
  tb: Testbed,
  operator: Operator,
  world: ScenarioWorld,
  step: ScenarioStep,
  prepared: ReturnType<typeof prepareCall>,
): Promise<Observed> {
  const timeoutMs = step.timeout !== undefined ? parseDuration(step.timeout, 'timeout') : undefined;
  const send = (request: Record<string, unknown>) => {
    const target =
      prepared.service === 'storage' || prepared.service === 'keyvault'
        ? tb.region(prepared.region!)[prepared.service]
        : tb[prepared.service];
    return target.call(prepared.operation, request, timeoutMs !== undefined ? { timeoutMs } : {});
  };
  try {
    if (prepared.vault === undefined) return { reply: await send(prepared.request) };
    const realVault = world.vault(prepared.vault).name;
    if (step.as) {
      const authorization = await world.vaultToken(step.as);
      return { reply: await send({ ...prepared.request, authorization }) };
    }
    return {
      reply: await operator.asAdministrator(realVault, (authorization) =>
        send({ ...prepared.request, authorization }),
      ),
    };
  } catch (error) {
    if (error instanceof AzureError) return { error: stepError(error) };
    throw new StepInputError(`the call failed without an Azure-shaped error: ${(error as Error).message}`);
  }
}

function stepError(error: AzureError): StepError {
  return {
    status: error.status,
    code: error.code,
    ...(error.innerCode ? { innerCode: error.innerCode } : {}),
    message: error.message,
  };
}

/** Completes a step's record: end times, and the faults in force as it ended added to those at its start. */
async function finish(
  tb: Testbed,
  faultView: FaultView,
  partial: Omit<StepResult, 'endedAt' | 'clockAfter'>,
): Promise<StepResult> {
  const endedAt = Date.now();
  const clockAfter = await clockNow(tb);
  if (partial.do.startsWith('chaos.') || partial.do.startsWith('clock.')) faultView.invalidate();
  const seen = new Set(partial.faults.map((f) => f.faultId));
  const faults = [...partial.faults, ...(await faultView.current()).filter((f) => !seen.has(f.faultId))];
  return { ...partial, faults, endedAt, clockAfter };
}

/** The testbed clock as the services see it: this client's clock once it has applied every change it heard of. */
function clockNow(tb: Testbed): Promise<number> {
  return tb.syncedNow();
}

/**
 * The faults in force, with targets shown in the scenario's own names. Asked of the controller only when
 * they may have changed: after a chaos or clock step, or while a fault with an expiry is in force.
 */
class FaultView {
  readonly #tb: Testbed;
  readonly #world: ScenarioWorld;
  #cached: InjectedFault[] | undefined;

  constructor(tb: Testbed, world: ScenarioWorld) {
    this.#tb = tb;
    this.#world = world;
  }

  /** After a step that may have injected, cleared or expired a fault. */
  invalidate(): void {
    this.#cached = undefined;
  }

  async current(): Promise<ActiveFault[]> {
    if (this.#cached === undefined || this.#cached.some((f) => f.expiresAt !== undefined)) {
      try {
        this.#cached = (await this.#tb.chaos.list({})).faults;
      } catch {
        this.#cached = undefined;
        return [];
      }
    }
    const symbolOf = new Map(Object.entries(this.#world.names).map(([symbol, real]) => [real, symbol]));
    for (const [symbol, identity] of this.#world.identities) symbolOf.set(identity.id, symbol);
    return this.#cached.map((f) => ({
      faultId: f.faultId,
      kind: f.kind,
      target: Object.fromEntries(
        Object.entries(f.target).map(([k, v]) => [k, typeof v === 'string' ? (symbolOf.get(v) ?? v) : v]),
      ),
    }));
  }
}
