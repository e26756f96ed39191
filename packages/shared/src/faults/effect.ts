import type { AzureErrorBody } from '../wire/azure-error.js';

/**
 * What the transport does to one request. Latencies add up; at most one terminal effect applies (the first
 * matching rule's, in rule order).
 */
export type TerminalEffect =
  | { kind: 'error'; error: AzureErrorBody; ruleId: string }
  /** Never reply: the caller waits until its deadline (a hung service). */
  | { kind: 'unavailable'; ruleId: string }
  /** As if nobody serves the subject (a service that is down). */
  | { kind: 'down'; ruleId: string }
  /** The message is lost: the caller waits until its deadline. */
  | { kind: 'drop'; ruleId: string };

export interface FaultEffect {
  delayMs: number;
  terminal: TerminalEffect | undefined;
  /** Ids of every rule that acted, for logs and reports. */
  ruleIds: string[];
}

export const noEffect: FaultEffect = Object.freeze({
  delayMs: 0,
  terminal: undefined,
  ruleIds: [],
}) as FaultEffect;
