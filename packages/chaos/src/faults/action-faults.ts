import { AzureError, type Clock, type KvDocuments, type Logger } from '@cmk-testbed/shared';
import {
  type ActionFaultKind,
  type FaultContext,
  type FaultRequest,
  FaultTargetError,
} from './fault-kind.js';
import { faultKinds } from './registry.js';
import type { StoredFault } from './stored-fault.js';

const maxRealDelayMs = 2 ** 31 - 1;

export interface ActionFaultsOptions {
  faults: KvDocuments<StoredFault>;
  /** What kinds act through. */
  context: FaultContext;
  /** The controller's testbed clock: durations on it end when it passes them, clock jumps included. */
  clock: Clock;
  realNow: () => number;
  log: Logger;
}

/**
 * The life of a semantic, process or time fault: injected with its undo record stored first, undone on
 * clear, reset or expiry, and picked up again by a restarted controller (see `storedFaultSchema` for the
 * phases). One fault is worked on by one operation at a time.
 */
export class ActionFaults {
  readonly #options: ActionFaultsOptions;
  readonly #locks = new Map<string, Promise<unknown>>();
  readonly #timers = new Map<string, () => void>();
  #stopped = false;

  constructor(options: ActionFaultsOptions) {
    this.#options = options;
  }

  /** Applies a fault; a failure after the first change rolls back what was done before answering. */
  inject(kind: ActionFaultKind, request: FaultRequest, base: StoredFault): Promise<StoredFault> {
    return this.#exclusive(base.faultId, async () => {
      const { faults, context: ctx } = this.#options;
      let record = base;
      let remembered = false;
      const remember = async (undo: unknown) => {
        record = { ...record, phase: 'applying', undo };
        await faults.put(record.faultId, record);
        remembered = true;
      };
      try {
        const { effect, undo } = await kind.apply(request, { ...ctx, remember });
        record = { ...record, phase: 'active', undo, effect };
        await faults.put(record.faultId, record);
      } catch (error) {
        if (remembered) await this.#rollBack(kind, record, ctx);
        throw injectionError(kind.kind, error);
      }
      this.#schedule(record);
      this.#options.log.info(
        { faultId: record.faultId, kind: kind.kind, effect: record.effect },
        'fault applied',
      );
      return record;
    });
  }

  /**
   * Undoes a fault and forgets it. Resolves false when it was already gone. A failed undo leaves the fault
   * in force, marked with the error, and throws 409 FaultUndoFailed: clear it again once the cause is fixed.
   */
  clear(faultId: string): Promise<boolean> {
    return this.#exclusive(faultId, async () => {
      const { faults, log } = this.#options;
      const found = (await faults.get(faultId))?.value;
      if (!found) return false;
      this.#cancelTimer(faultId);
      const kind = actionKindOf(found.kind);
      const undoing: StoredFault = { ...found, phase: found.phase === 'applying' ? 'applying' : 'undoing' };
      await faults.put(faultId, undoing);
      try {
        await kind.undo(found.undo, this.#options.context);
      } catch (error) {
        const message = messageOf(error);
        await faults.put(faultId, { ...undoing, undoError: message });
        log.error({ faultId, kind: found.kind, err: error }, 'undo failed; the fault stays in force');
        throw new AzureError({
          status: 409,
          code: 'FaultUndoFailed',
          message: `${found.kind} ${faultId}: undo failed, the fault stays in force: ${message}`,
          ...(error instanceof AzureError ? { cause: error.toBody() } : {}),
        });
      }
      await faults.delete(faultId);
      log.info({ faultId, kind: found.kind }, 'fault undone');
      return true;
    });
  }

  /**
   * After a (re)start: finishes what a previous controller left half done — an interrupted injection is
   * rolled back, an interrupted undo completed — and re-arms the expiry of the faults in force.
   */
  async recover(): Promise<void> {
    const { faults, log } = this.#options;
    for (const fault of await faults.list()) {
      if (fault.group === 'transport') continue;
      if (fault.phase === 'active') {
        this.#schedule(fault);
        continue;
      }
      log.warn(
        { faultId: fault.faultId, kind: fault.kind, phase: fault.phase },
        'finishing an interrupted fault',
      );
      await this.clear(fault.faultId).catch((error: unknown) =>
        log.error({ faultId: fault.faultId, err: error }, 'could not finish an interrupted fault'),
      );
    }
  }

  stop(): void {
    this.#stopped = true;
    for (const cancel of this.#timers.values()) cancel();
    this.#timers.clear();
  }

  async #rollBack(kind: ActionFaultKind, record: StoredFault, ctx: FaultContext): Promise<void> {
    const { faults, log } = this.#options;
    try {
      await kind.undo(record.undo, ctx);
      await faults.delete(record.faultId);
    } catch (error) {
      // The half-made change stays listed (with the reason) so `clear` or `reset` can try again.
      await faults.put(record.faultId, { ...record, undoError: messageOf(error) });
      log.error({ faultId: record.faultId, err: error }, 'rolling back a failed injection failed');
    }
  }

  /** Undoes the fault when its duration passes, on the testbed clock or in real time. */
  #schedule(fault: StoredFault): void {
    const expiresAt = fault.expiresAt;
    if (!expiresAt || this.#stopped) return;
    const fire = () => {
      this.#timers.delete(fault.faultId);
      this.clear(fault.faultId).catch((error: unknown) =>
        this.#options.log.error({ faultId: fault.faultId, err: error }, 'undo at expiry failed'),
      );
    };
    if (expiresAt.clock === 'testbed') {
      this.#timers.set(fault.faultId, this.#options.clock.setTimer(expiresAt.at, fire));
      return;
    }
    const arm = () => {
      const delayMs = expiresAt.at - this.#options.realNow();
      if (delayMs <= 0) return fire();
      const timer = setTimeout(arm, Math.min(delayMs, maxRealDelayMs));
      timer.unref();
      this.#timers.set(fault.faultId, () => clearTimeout(timer));
    };
    arm();
  }

  #cancelTimer(faultId: string): void {
    this.#timers.get(faultId)?.();
    this.#timers.delete(faultId);
  }

  /** Runs one operation on a fault after any other on the same fault. */
  #exclusive<T>(faultId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(faultId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => {});
    this.#locks.set(faultId, settled);
    void settled.then(() => {
      if (this.#locks.get(faultId) === settled) this.#locks.delete(faultId);
    });
    return next;
  }
}

function actionKindOf(name: string): ActionFaultKind {
  const kind = faultKinds.get(name);
  if (!kind || kind.group === 'transport')
    throw new Error(`fault kind '${name}' cannot be undone by this controller`);
  return kind;
}

/** A target the kind refused is the caller's 400; a service refusing the change is a 409 with its cause. */
function injectionError(kind: string, error: unknown): unknown {
  if (error instanceof FaultTargetError) {
    return new AzureError({ status: 400, code: 'InvalidInput', message: `${kind}: ${error.message}` });
  }
  if (error instanceof AzureError) {
    if (error.code === 'InvalidInput' || error.code === 'SupervisorUnavailable') return error;
    return new AzureError({
      status: 409,
      code: 'FaultNotApplied',
      message: `${kind}: the change was refused (${error.status} ${error.code}${error.innerCode ? `/${error.innerCode}` : ''}): ${error.message}`,
      cause: error.toBody(),
    });
  }
  return error;
}

function messageOf(error: unknown): string {
  if (error instanceof AzureError) return `${error.status} ${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
