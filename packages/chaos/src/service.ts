import {
  ClockStore,
  chaosContract,
  clockContract,
  FaultRuleTable,
  type InjectedFault,
  injectedFaultSchema,
  KvDocuments,
  openStateBucket,
  type Runtime,
  type ServedService,
  serveOn,
} from '@cmk-testbed/shared';
import { clockHandlers } from './clock/clock-handlers.js';
import { faultHandlers } from './faults/fault-handlers.js';

/** The JetStream KV bucket recording injected faults (the rules themselves live in `cmk-faults`). */
export const chaosBucketName = 'cmk-chaos';

/** The chaos controller serves its own contract and the testbed clock. */
export async function startChaosService(runtime: Runtime): Promise<ServedService[]> {
  const replicas = runtime.env.CMK_JS_REPLICAS;
  const clockStore = await ClockStore.open(runtime.nc, { replicas });
  const rules = await FaultRuleTable.open(runtime.nc, { replicas });
  const kv = await openStateBucket(runtime.nc, chaosBucketName, replicas);
  const faults = new KvDocuments<InjectedFault>(kv, 'fault', injectedFaultSchema);
  return [
    await serveOn(runtime, chaosContract, faultHandlers, { rules, faults, realNow: Date.now }),
    await serveOn(runtime, clockContract, clockHandlers, clockStore),
  ];
}
