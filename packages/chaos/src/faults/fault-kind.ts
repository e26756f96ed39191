import type { FaultRuleInput } from '@cmk-testbed/shared';

/** What an injection asks for, already validated by the contract. */
export interface FaultRequest {
  faultId: string;
  target: {
    service?: string | undefined;
    region?: string | undefined;
    instance?: string | undefined;
    vault?: string | undefined;
    regions?: [string, string] | undefined;
  };
  probability: number;
  seed: number;
  params: {
    ms?: number | undefined;
    jitterMs?: number | undefined;
    status?: number | undefined;
    code?: string | undefined;
    message?: string | undefined;
  };
  expiresAt: { clock: 'real' | 'testbed'; at: number } | undefined;
}

/**
 * One fault kind of the scenario format: how it becomes rows of the transport rule table. A kind that
 * cannot act on the given target throws a `FaultTargetError` naming the field.
 */
export interface FaultKind {
  kind: string;
  description: string;
  rules(request: FaultRequest): FaultRuleInput[];
}

export class FaultTargetError extends Error {
  override readonly name = 'FaultTargetError';
}
