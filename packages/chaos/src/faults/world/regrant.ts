import type { FaultRequest } from '../fault-kind.js';
import { describeGrants, type Grant } from './grants.js';

/** `params.regrant`, default true: undo gives a re-created principal the access its predecessor had. */
export function regrantOf(request: FaultRequest): boolean {
  return request.params.regrant ?? true;
}

/** The undo half of an effect for a principal that comes back with a new object id. */
export function describeRegrant(regrant: boolean, grants: readonly Grant[]): string {
  if (grants.length === 0) return 'there is no vault access to re-grant';
  return regrant
    ? `undo re-grants the new principal the old one's ${describeGrants(grants)} (params.regrant, default true)`
    : `undo does not re-grant (params.regrant false): as in Azure, the new principal lacks the old one's ${describeGrants(grants)}`;
}
