import { z } from 'zod';
import type { FaultContext, FaultRequest } from '../fault-kind.js';
import { describeGrants, type Grant, grantAll, grantSchema, grantsOf } from './grants.js';

/**
 * The undo record's fields for a principal that undo brings back under a new object id, as Azure does: the
 * old principal's vault grants and whether to give them to the new one. Spread into the kind's undo schema.
 */
export const regrantFields = { grants: z.array(grantSchema), regrant: z.boolean() };

export interface RegrantRecord {
  grants: Grant[];
  regrant: boolean;
}

/** Reads the old principal's grants (before the fault removes it) and `params.regrant`, default true. */
export async function rememberGrants(
  ctx: FaultContext,
  request: FaultRequest,
  principalId: string,
): Promise<RegrantRecord> {
  return { grants: await grantsOf(ctx, principalId), regrant: request.params.regrant ?? true };
}

/**
 * Gives the principal that came back the old one's grants, when it is a new principal and `params.regrant`
 * asked for it. Grants already held are left alone, so an undo run again converges.
 */
export async function regrantNewPrincipal(
  ctx: FaultContext,
  record: RegrantRecord,
  oldPrincipalId: string,
  newPrincipalId: string,
): Promise<void> {
  if (newPrincipalId === oldPrincipalId || !record.regrant) return;
  await grantAll(ctx, newPrincipalId, record.grants);
}

/** The undo half of an effect for a principal that comes back with a new object id. */
export function describeRegrant({ regrant, grants }: RegrantRecord): string {
  if (grants.length === 0) return 'there is no vault access to re-grant';
  return regrant
    ? `undo re-grants the new principal the old one's ${describeGrants(grants)} (params.regrant, default true)`
    : `undo does not re-grant (params.regrant false): as in Azure, the new principal lacks the old one's ${describeGrants(grants)}`;
}
