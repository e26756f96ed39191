import { randomBytes } from 'node:crypto';
import {
  AzureError,
  type chaosContract,
  type FaultRule,
  type FaultRuleInput,
  type FaultRuleTable,
  faultRuleSchema,
  type HandlerTable,
  type InjectedFault,
  type KvDocuments,
  parseDuration,
} from '@cmk-testbed/shared';
import { FaultTargetError } from './fault-kind.js';
import { faultKinds } from './registry.js';

/** The rules a topology installs carry this label; `reset` leaves them in place. */
const topologyLabel = 'topology';

export interface FaultState {
  rules: FaultRuleTable;
  /** One document per injected fault: what was asked and which rule rows it became (for clear). */
  faults: KvDocuments<InjectedFault>;
  realNow: () => number;
}

/**
 * inject / clear / list / reset. A fault is recorded before its rules are written, so a controller that dies
 * between the two leaves a fault `clear` and `reset` can still find; rules are validated all together first,
 * so a bad request never leaves half a fault in force.
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
        throw invalid((error as Error).message);
      }
      const now = req.durationClock === 'real' ? state.realNow() : ctx.clock.now();
      expiresAt = { clock: req.durationClock, at: now + ms };
    }
    const rules = buildRules(req.kind, () =>
      kind.rules({
        faultId,
        target: req.target,
        probability: req.probability,
        seed: req.seed,
        params: req.params,
        expiresAt,
      }),
    );
    const fault: InjectedFault = {
      faultId,
      kind: req.kind,
      target: req.target,
      ruleIds: rules.map((rule) => rule.id),
      injectedAt: ctx.clock.now(),
      ...(expiresAt ? { expiresAt } : {}),
    };
    await state.faults.put(faultId, fault);
    for (const rule of rules) await state.rules.put(rule);
    ctx.log.info({ faultId, kind: req.kind, target: req.target, rules: fault.ruleIds }, 'fault injected');
    return fault;
  },

  clear: async (req, state, ctx) => {
    const found = await state.faults.get(req.faultId);
    if (!found) {
      throw new AzureError({
        status: 404,
        code: 'FaultNotFound',
        message: `faultId: no fault '${req.faultId}' is in force`,
      });
    }
    for (const id of found.value.ruleIds) await state.rules.delete(id);
    await state.faults.delete(req.faultId);
    ctx.log.info({ faultId: req.faultId }, 'fault cleared');
    return {};
  },

  list: async (_req, state, ctx) => {
    const ruleIds = new Set((await state.rules.list()).map((rule) => rule.id));
    // A fault whose rules have all expired or been removed by hand is no longer in force.
    const faults = (await state.faults.list()).filter((fault) => fault.ruleIds.some((id) => ruleIds.has(id)));
    return {
      faults: faults
        .filter((fault) => !expired(fault, state.realNow(), ctx.clock.now()))
        .sort((a, b) => a.injectedAt - b.injectedAt),
    };
  },

  reset: async (_req, state, ctx) => {
    const faults = await state.faults.list();
    let cleared = 0;
    for (const rule of await state.rules.list()) {
      if (rule.label === topologyLabel) continue;
      await state.rules.delete(rule.id);
      cleared++;
    }
    for (const fault of faults) await state.faults.delete(fault.faultId);
    ctx.log.info({ faults: faults.length, rules: cleared }, 'faults reset');
    return { cleared: faults.length };
  },
} satisfies HandlerTable<typeof chaosContract, FaultState>;

function expired(fault: InjectedFault, realNow: number, testbedNow: number): boolean {
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
