import {
  ClockStore,
  chaosContract,
  clockContract,
  FaultRuleTable,
  KvDocuments,
  openStateBucket,
  type Runtime,
  type ServedService,
  serveOn,
} from '@cmk-testbed/shared';
import { Operator } from './admin/operator.js';
import { clockHandlers } from './clock/clock-handlers.js';
import { ActionFaults } from './faults/action-faults.js';
import { faultHandlers } from './faults/fault-handlers.js';
import type { FaultContext } from './faults/fault-kind.js';
import { type StoredFault, storedFaultSchema } from './faults/stored-fault.js';

/** The JetStream KV bucket recording injected faults (the rules themselves live in `cmk-faults`). */
export const chaosBucketName = 'cmk-chaos';

/**
 * The chaos controller serves its own contract and the testbed clock. Faults a previous run of the
 * controller left half done are finished in the background once it serves (see `ActionFaults.recover`).
 */
export async function startChaosService(runtime: Runtime): Promise<ServedService[]> {
  const replicas = runtime.env.CMK_JS_REPLICAS;
  const clockStore = await ClockStore.open(runtime.nc, { replicas });
  const rules = await FaultRuleTable.open(runtime.nc, { replicas });
  const kv = await openStateBucket(runtime.nc, chaosBucketName, replicas);
  const faults = new KvDocuments<StoredFault>(kv, 'fault', storedFaultSchema);
  // Making the operator only makes clients, so the controller still starts (and serves the clock) before
  // the services do; a fault that needs them is refused by the call that finds them missing.
  const operator = new Operator(runtime.nc, { clock: runtime.clock, instance: runtime.env.CMK_INSTANCE });
  const context: FaultContext = {
    operator,
    clock: runtime.clock,
    clockStore,
    nc: runtime.nc,
    instance: runtime.env.CMK_INSTANCE,
    log: runtime.log,
  };
  const actions = new ActionFaults({
    faults,
    context,
    clock: runtime.clock,
    realNow: Date.now,
    log: runtime.log,
  });
  const served = [
    await serveOn(runtime, chaosContract, faultHandlers, { rules, faults, actions, realNow: Date.now }),
    await serveOn(runtime, clockContract, clockHandlers, clockStore),
  ];
  void actions
    .recover()
    .catch((error: unknown) => runtime.log.error({ err: error }, 'fault recovery failed'));
  return [
    ...served,
    {
      up: true,
      async stop() {
        actions.stop();
        operator.close();
      },
    },
  ];
}
