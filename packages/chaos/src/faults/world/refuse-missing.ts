import { FaultTargetError } from '../fault-kind.js';
import { isBadRequest, isNotFound } from './azure-errors.js';

/**
 * A lookup of what a target names, with a 404 (or a 400: a malformed id names nothing either) turned into a
 * refusal giving `reason`, so the fault is refused before anything changes.
 */
export function refuseMissing<T>(lookup: Promise<T>, reason: string): Promise<T> {
  return lookup.catch((error: unknown) => {
    if (isNotFound(error) || isBadRequest(error)) throw new FaultTargetError(reason);
    throw error;
  });
}
