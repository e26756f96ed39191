export type { FaultEffect, TerminalEffect } from './effect.js';
export { type FaultClocks, FaultEngine } from './fault-engine.js';
export type { TransportFaultKind } from './fault-kind.js';
export type { FaultPoint } from './fault-point.js';
export { FaultRuleTable, faultBucketName } from './fault-rule-table.js';
export { transportFaultKinds } from './registry.js';
export { createRng, seedFor } from './rng.js';
export {
  type FaultKindName,
  type FaultMatch,
  type FaultRule,
  type FaultRuleInput,
  faultMatchSchema,
  faultRuleSchema,
} from './rule.js';
