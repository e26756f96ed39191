import type { AzureErrorBody } from '@cmk-testbed/shared';

/** Where and when the failing request was served; Azure appends both to every error message. */
export interface StorageErrorContext {
  /** The `x-ms-request-id` of the failing request. */
  requestId: string;
  /** When the error was produced (the testbed clock, not the wall clock, in tests). */
  time: Date;
  /** Testbed-only: the underlying error, e.g. the Key Vault error behind a 403. Azure never shows it. */
  cause?: AzureErrorBody | undefined;
}

/** A storage data-plane error, shaped for `new AzureError(...)`. */
export interface StorageErrorBody {
  status: number;
  code: string;
  message: string;
  cause?: AzureErrorBody;
}

/**
 * Azure's timestamp in error messages: ISO-8601 UTC with 7 fractional digits (.NET ticks), e.g.
 * `2026-11-22T05:56:16.1234567Z`. A `Date` holds milliseconds, so the last four digits are always 0.
 */
export function formatStorageErrorTime(time: Date): string {
  return time.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/**
 * A storage data-plane error with Azure's message layout: the English message, then `\nRequestId:<id>` and
 * `\nTime:<timestamp>` (facts §1, wire format; seen in real responses, e.g.
 * "The specified blob does not exist.\nRequestId:ada9462b-…\nTime:2021-06-28T05:50:48.0153055Z").
 */
export function storageError(
  status: number,
  code: string,
  message: string,
  context: StorageErrorContext,
): StorageErrorBody {
  const body: StorageErrorBody = {
    status,
    code,
    message: `${message}\nRequestId:${context.requestId}\nTime:${formatStorageErrorTime(context.time)}`,
  };
  if (context.cause !== undefined) body.cause = context.cause;
  return body;
}
