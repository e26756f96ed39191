export { AzureError, type AzureErrorBody } from './azure-error.js';
export { decodeBody, encodeBody } from './codec.js';
export { invalidInputError } from './invalid-input.js';
export {
  deadlineExceededError,
  internalError,
  isServiceDown,
  isTimeout,
  serviceDownError,
  TransportErrorCode,
  timedOutError,
} from './transport-errors.js';
