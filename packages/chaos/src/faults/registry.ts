import type { FaultKind } from './fault-kind.js';
import { messageDrop, regionLatency, regionPartition } from './region-faults.js';
import { serviceFaults } from './service-faults.js';

/** Every fault kind the controller can inject, by name. */
export const faultKinds: ReadonlyMap<string, FaultKind> = new Map(
  [...serviceFaults('keyvault'), ...serviceFaults('entra'), regionPartition, regionLatency, messageDrop].map(
    (k) => [k.kind, k],
  ),
);
