import { AzureError, parseDuration, type Testbed } from '@cmk-testbed/shared';
import type { Operator } from '../admin/operator.js';
import { checkExpectation, type Observed } from './expect.js';
import type { FaultView } from './fault-view.js';
import { pick, ScenarioReferenceError, substitute } from './refs.js';
import type { StepError, StepResult } from './result.js';
import type { RunOptions } from './run-options.js';
import type { ScenarioStep } from './schema.js';
import { completeCall, prepareCall, StepInputError } from './translate.js';
import type { ScenarioWorld } from './world.js';

/** What the steps of one scenario share. */
export interface StepContext {
  tb: Testbed;
  operator: Operator;
  world: ScenarioWorld;
  /** Values saved by earlier steps' `save`, by variable name. */
  saved: Map<string, unknown>;
  faultView: FaultView;
  options: RunOptions;
}

/**
 * Runs one step: resolves its references, sends it (again and again while `expect.within` allows, until the
 * expectation holds), then records what it saves. A step that cannot be sent as written is an error; a reply
 * that differs from the expectation is a failure.
 */
export async function runStep(context: StepContext, step: ScenarioStep, index: number): Promise<StepResult> {
  const { tb, world, saved, faultView, options } = context;
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
  const lookup = referenceLookup(saved, world);
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
      const prepared = await prepare(world, step, input, options, index);
      request = prepared.request;
      observed = await call(context, step, prepared);
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
  if (failure === undefined && step.save) failure = saveValues(step.save, observed, saved);
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

/** `${name}` and `${name.path}` read saved values first; anything else is an attribute of a setup object. */
function referenceLookup(saved: Map<string, unknown>, world: ScenarioWorld) {
  return (reference: string): unknown => {
    if (saved.has(reference)) return saved.get(reference);
    const [head, ...path] = reference.split('.');
    if (head !== undefined && path.length > 0 && saved.has(head))
      return pick(saved.get(head), path.join('.'));
    return world.attribute(reference);
  };
}

/** Stores each `save` variable from the reply (or the error); the first missing path is the step's failure. */
function saveValues(
  save: NonNullable<ScenarioStep['save']>,
  observed: Observed,
  saved: Map<string, unknown>,
): string | undefined {
  for (const [variable, path] of Object.entries(save)) {
    const value = pick(observed.reply ?? observed.error, path);
    if (value === undefined) return `save.${variable}: the reply has nothing at '${path}'`;
    saved.set(variable, value);
  }
  return undefined;
}

async function prepare(
  world: ScenarioWorld,
  step: ScenarioStep,
  input: Record<string, unknown>,
  options: RunOptions,
  index: number,
) {
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
  context: StepContext,
  step: ScenarioStep,
  prepared: ReturnType<typeof prepareCall>,
): Promise<Observed> {
  const { tb, operator, world } = context;
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
