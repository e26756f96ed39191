import { AzureError } from '@cmk-testbed/shared';

export function isNotFound(error: unknown): boolean {
  return error instanceof AzureError && error.status === 404;
}

export function isBadRequest(error: unknown): boolean {
  return error instanceof AzureError && error.status === 400;
}

/**
 * The call's answer, or `undefined` when what it names is not there (404). An undo must converge, so "gone
 * already" is an answer there, not a failure; any other error still throws.
 */
export async function ignoreNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
