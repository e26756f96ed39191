import type { TransportFaultKind } from './fault-kind.js';
import { downFault } from './kinds/down.js';
import { dropFault } from './kinds/drop.js';
import { errorFault } from './kinds/error.js';
import { latencyFault } from './kinds/latency.js';
import { unavailableFault } from './kinds/unavailable.js';
import type { FaultKindName } from './rule.js';

/** Every transport fault kind, by name. Adding a kind means one file and one line here. */
export const transportFaultKinds: { [K in FaultKindName]: TransportFaultKind<K> } = {
  latency: latencyFault,
  error: errorFault,
  unavailable: unavailableFault,
  down: downFault,
  drop: dropFault,
};
