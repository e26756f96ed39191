import { randomBytes } from 'node:crypto';
import {
  AzureError,
  type chaosContract,
  type FaultRule,
  type FaultRuleInput,
  type FaultRuleTable,
  faultRuleSchema,
  type HandlerContext,
  type HandlerTable,
  type KvDocuments,
  parseDuration,
} from '@cmk-testbed/shared';
import type { ActionFaults } from './action-faults.js';
import { type FaultRequest, FaultTargetError, type TransportFaultKind } from './fault-kind.js';
import { readTarget } from './read-target.js';
import { faultKinds } from './registry.js';
import { presentFault, type StoredFault } from './stored-fault.js';

/** The rules a topology installs carry this label; `reset` leaves them in place. */
const topologyLabel = 'topology';

export interface FaultState {
  rules: FaultRuleTable;
  /** One document per injected fault: what was asked, what it became, and how to undo it. */
  faults: KvDocuments<StoredFault>;
  /** The semantic, process and time faults' life: apply, undo, expiry, recovery after a restart. */
  actions: ActionFaults;
  realNow: () => number;
}

/**
 * inject / clear / list / reset. A transport fault is recorded before its rules are written, so a controller
 * that dies between the two leaves a fault `clear` and `reset` can still find; its rules are validated all
 * together first, so a bad request never leaves half a fault in force. The other groups go through
 * `ActionFaults`, which stores the undo record before the first change.
 */
export const faultHandlers = {
  inject: async (req, state, ctx) => {
    const kind = faultKinds.get(req.kind);
    if (!kind) throw invalid(`kind: '${req.kind}' is not a fault kind`);
    const faultId = `f-${randomBytes(6).toString('hex')}`;
    let expiresAt: { clock: 'real' | 'testbed'; at: number } | undefined;
    if (req.duration !== undefined) {
      let ms: number;
      try {
        ms = parseDuration(req.duration, 'duration');
      } catch (error) {
        throw invalid(`${req.kind}: ${(error as Error).message}`);
      }
      const now = req.durationClock === 'real' ? state.realNow() : ctx.clock.now();
      expiresAt = { clock: req.durationClock, at: now + ms };
    }
    const request: FaultRequest = {
      faultId,
      kind: req.kind,
      target: req.target,
      probability: req.probability,
      seed: req.seed,
      params: req.params,
      expiresAt,
    };
    const base: StoredFault = {
      faultId,
      kind: req.kind,
      target: req.target,
      ruleIds: [],
      injectedAt: ctx.clock.now(),
      ...(expiresAt ? { expiresAt } : {}),
      group: kind.group,
      phase: 'active',
    };
    if (kind.group === 'transport')
      return presentFault(await injectTransport(kind, request, base, state, ctx));
    if (req.probability !== 1)
      throw invalid(
        `${req.kind}: probability: a ${kind.group} fault acts once, on its target; leave it at 1`,
      );
    return presentFault(await state.actions.inject(kind, request, base));
  },

  clear: async (req, state, ctx) => {
    const found = (await state.faults.get(req.faultId))?.value;
    if (!found) throw notInForce(req.faultId);
    if (found.group !== 'transport') {
      if (!(await state.actions.clear(req.faultId))) throw notInForce(req.faultId);
      return {};
    }
    for (const id of found.ruleIds) await state.rules.delete(id);
    await state.faults.delete(req.faultId);
    ctx.log.info({ faultId: req.faultId }, 'fault cleared');
    return {};
  },

  list: async (_req, state, ctx) => {
    const ruleIds = new Set((await state.rules.list()).map((rule) => rule.id));
    const realNow = state.realNow();
    const testbedNow = ctx.clock.now();
    // A transport fault whose rules have all expired or been removed by hand is no longer in force; the
    // other groups are listed until undone (an expired one whose undo failed stays, with `undoError`).
    const inForce = (await state.faults.list()).filter(
      (fault) =>
        fault.group !== 'transport' ||
        (fault.ruleIds.some((id) => ruleIds.has(id)) && !expired(fault, realNow, testbedNow)),
    );
    return { faults: inForce.sort((a, b) => a.injectedAt - b.injectedAt).map(presentFault) };
  },

  /** Newest first, so faults stacked on the same object unwind in the right order. */
  reset: async (_req, state, ctx) => {
    const faults = (await state.faults.list()).sort((a, b) => b.injectedAt - a.injectedAt);
    const failed: { faultId: string; kind: string; message: string }[] = [];
    let cleared = 0;
    for (const fault of faults) {
      if (fault.group === 'transport') {
        await state.faults.delete(fault.faultId);
        cleared++;
        continue;
      }
      try {
        await state.actions.clear(fault.faultId);
        cleared++;
      } catch (error) {
        failed.push({ faultId: fault.faultId, kind: fault.kind, message: (error as Error).message });
      }
    }
    let rules = 0;
    for (const rule of await state.rules.list()) {
      if (rule.label === topologyLabel) continue;
      await state.rules.delete(rule.id);
      rules++;
    }
    ctx.log.info({ faults: cleared, rules, failed }, 'faults reset');
    return { cleared, failed };
  },
} satisfies HandlerTable<typeof chaosContract, FaultState>;

async function injectTransport(
  kind: TransportFaultKind,
  request: FaultRequest,
  base: StoredFault,
  state: FaultState,
  ctx: HandlerContext,
): Promise<StoredFault> {
  const rules = buildRules(kind.kind, () => {
    const made = kind.rules(request);
    readTarget(request, { required: [], optional: kind.reads.target, params: kind.reads.params });
    return made;
  });
  const fault: StoredFault = { ...base, ruleIds: rules.map((rule) => rule.id) };
  await state.faults.put(fault.faultId, fault);
  for (const rule of rules) await state.rules.put(rule);
  ctx.log.info(
    { faultId: fault.faultId, kind: kind.kind, target: request.target, rules: fault.ruleIds },
    'fault injected',
  );
  return fault;
}

function expired(fault: StoredFault, realNow: number, testbedNow: number): boolean {
  if (!fault.expiresAt) return false;
  return (fault.expiresAt.clock === 'real' ? realNow : testbedNow) >= fault.expiresAt.at;
}

/** Every rule of a fault, validated before any is written; a target a kind cannot act on is a named 400. */
function buildRules(kindName: string, make: () => FaultRuleInput[]): FaultRule[] {
  try {
    return make().map((rule) => faultRuleSchema.parse(rule));
  } catch (error) {
    if (error instanceof FaultTargetError) throw invalid(`${kindName}: ${error.message}`);
    throw error;
  }
}

function invalid(message: string): AzureError {
  return new AzureError({ status: 400, code: 'InvalidInput', message });
}

function notInForce(faultId: string): AzureError {
  return new AzureError({
    status: 404,
    code: 'FaultNotFound',
    message: `faultId: no fault '${faultId}' is in force`,
  });
}
