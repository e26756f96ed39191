import {
  ClockStore,
  chaosContract,
  clockContract,
  type HandlerTable,
  type Runtime,
  type ServedService,
  serveOn,
} from '@cmk-testbed/shared';
import { clockHandlers } from './clock/clock-handlers.js';

/** Fault rules and scenarios live here once the chaos domain lands; for now only the common ops. */
export type ChaosState = Record<string, never>;

export const chaosHandlers = {} satisfies HandlerTable<typeof chaosContract, ChaosState>;

/** The chaos controller serves its own contract and the testbed clock. */
export async function startChaosService(runtime: Runtime): Promise<ServedService[]> {
  const clockStore = await ClockStore.open(runtime.nc, { replicas: runtime.env.CMK_JS_REPLICAS });
  return [
    await serveOn(runtime, chaosContract, chaosHandlers, {}),
    await serveOn(runtime, clockContract, clockHandlers, clockStore),
  ];
}
