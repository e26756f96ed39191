import type { ClockStore, chaosContract, FaultRuleInput, Logger, RequestOf } from '@cmk-testbed/shared';
import type { NatsConnection } from 'nats';
import type { z } from 'zod';
import type { Operator } from '../admin/operator.js';

type InjectRequest = RequestOf<typeof chaosContract, 'inject'>;

/** What an injection asks for, already validated by the contract. */
export interface FaultRequest {
  faultId: string;
  kind: string;
  target: NonNullable<InjectRequest['target']>;
  probability: number;
  seed: number;
  params: NonNullable<InjectRequest['params']>;
  expiresAt: { clock: 'real' | 'testbed'; at: number } | undefined;
}

/** A transport kind becomes rows of the fault rule table, acted on in every process's request path. */
export interface TransportFaultKind {
  group: 'transport';
  kind: string;
  description: string;
  /** The target selectors and params the rules read; any other one given is refused, naming it. */
  reads: {
    target: readonly (keyof FaultRequest['target'])[];
    params: readonly (keyof FaultRequest['params'])[];
  };
  rules(request: FaultRequest): FaultRuleInput[];
}

/** What the semantic, process and time kinds act through. */
export interface FaultContext {
  /** The testbed's administrator: typed clients of every service and admin rights on vaults. */
  operator: Operator;
  /** The controller's testbed clock. */
  clock: { now(): number };
  /** The clock bucket, where `clock-skew` keeps one process's offset. */
  clockStore: ClockStore;
  nc: NatsConnection;
  /** The controller's own instance (a process fault refuses to aim at it). */
  instance: string;
  log: Logger;
}

/**
 * Injection may change the world only after `remember` has stored how to undo the change: the record is in
 * JetStream before anything relies on it, so a controller killed half-way can still undo what it did.
 */
export interface ApplyContext<U> extends FaultContext {
  remember(undo: U): Promise<void>;
}

/**
 * A kind that changes the world (through the services' own operations or the supervisor) and can change it
 * back. `apply` first checks the target and reads the state it will change (throwing `FaultTargetError`
 * before any change), calls `remember` with the undo record, then acts. `undo` must converge: it is run again
 * after a crash, and on a record whose change was only partly made (or not made at all), so it compares
 * the world with the record and only changes what differs.
 */
export interface ActionKindDefinition<U> {
  group: 'semantic' | 'process' | 'time';
  kind: string;
  description: string;
  /** Validates the stored undo record (it comes back from JetStream, possibly from an older controller). */
  undoSchema: z.ZodType<U>;
  apply(request: FaultRequest, ctx: ApplyContext<U>): Promise<{ effect: string; undo: U }>;
  undo(record: U, ctx: FaultContext): Promise<void>;
}

/** An action kind with its undo record type erased, as the registry and the lifecycle hold it. */
export interface ActionFaultKind {
  group: 'semantic' | 'process' | 'time';
  kind: string;
  description: string;
  apply(request: FaultRequest, ctx: ApplyContext<unknown>): Promise<{ effect: string; undo: unknown }>;
  undo(record: unknown, ctx: FaultContext): Promise<void>;
}

export type FaultKind = TransportFaultKind | ActionFaultKind;

/** Erases the record type: records are parsed with the kind's schema on the way in and out. */
export function actionKind<U>(definition: ActionKindDefinition<U>): ActionFaultKind {
  const { undoSchema } = definition;
  return {
    group: definition.group,
    kind: definition.kind,
    description: definition.description,
    apply: (request, ctx) =>
      definition.apply(request, { ...ctx, remember: (undo) => ctx.remember(undoSchema.parse(undo)) }),
    undo: (record, ctx) => definition.undo(undoSchema.parse(record), ctx),
  };
}

/** A target (or params) the kind cannot act on: a 400 naming the field. */
export class FaultTargetError extends Error {
  override readonly name = 'FaultTargetError';
}
