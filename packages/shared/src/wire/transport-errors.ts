import { AzureError } from './azure-error.js';

/**
 * Errors the transport itself produces. "Down" and "hung" are different failures on purpose: a vault that is
 * down is noticed at once (NATS answers "no responders"), a hung vault only when the caller's deadline passes,
 * and chaos scenarios exercise both.
 */
export const TransportErrorCode = {
  /** Nobody serves the subject: the service is down. */
  ServiceUnavailable: 'ServiceUnavailable',
  /** The request was sent but no reply came before the deadline: the service hangs. */
  OperationTimedOut: 'OperationTimedOut',
  /** The deadline had already passed when the request arrived; it was not processed. */
  DeadlineExceeded: 'DeadlineExceeded',
  /** The request body failed its contract schema. */
  InvalidInput: 'InvalidInput',
  /** The operation is not part of the contract. */
  UnknownOperation: 'UnknownOperation',
  /** A handler threw something that is not an AzureError: a bug, logged as such. */
  InternalError: 'InternalError',
} as const;

export type TransportErrorCode = (typeof TransportErrorCode)[keyof typeof TransportErrorCode];

export function serviceDownError(subject: string): AzureError {
  return new AzureError({
    status: 503,
    code: TransportErrorCode.ServiceUnavailable,
    innerCode: 'NoResponders',
    message: `No service instance is serving ${subject} (the service is down).`,
  });
}

export function timedOutError(subject: string, timeoutMs: number): AzureError {
  return new AzureError({
    status: 504,
    code: TransportErrorCode.OperationTimedOut,
    message: `No reply from ${subject} within ${timeoutMs} ms (the service hangs or the reply was lost).`,
  });
}

export function deadlineExceededError(subject: string, lateByMs: number): AzureError {
  return new AzureError({
    status: 504,
    code: TransportErrorCode.DeadlineExceeded,
    message: `The request to ${subject} arrived ${lateByMs} ms after its deadline and was not processed.`,
  });
}

export function internalError(requestId: string): AzureError {
  return new AzureError({
    status: 500,
    code: TransportErrorCode.InternalError,
    message: `Server encountered an internal error. Please try again after some time.\nRequestId:${requestId}`,
  });
}

/** True when the error means the callee is down (no responders), as opposed to hung. */
export function isServiceDown(error: unknown): boolean {
  return AzureError.is(error) && error.code === TransportErrorCode.ServiceUnavailable;
}

/** True when the error means the callee did not answer in time. */
export function isTimeout(error: unknown): boolean {
  return AzureError.is(error) && error.code === TransportErrorCode.OperationTimedOut;
}
