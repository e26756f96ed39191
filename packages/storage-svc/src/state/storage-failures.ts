import { AzureError, type HandlerContext } from '@cmk-testbed/shared';
import { type StorageErrorCode, storageErrorFor } from '../rules/index.js';

/** A storage data-plane error with Azure's message, RequestId and Time (testbed clock). */
export function storageFailure(code: StorageErrorCode, ctx: HandlerContext): AzureError {
  return new AzureError(storageErrorFor(code, { requestId: ctx.requestId, time: new Date(ctx.clock.now()) }));
}

/** A 400 for a bad name or value, naming the field (Azure: InvalidResourceName / InvalidMetadata). */
export function invalidInput(
  code: 'InvalidResourceName' | 'InvalidMetadata' | 'InvalidInput' | 'InvalidHeaderValue',
  field: string,
  reason: string,
  ctx: HandlerContext,
): AzureError {
  const base = storageErrorFor(code, { requestId: ctx.requestId, time: new Date(ctx.clock.now()) });
  return new AzureError({ ...base, message: `${field}: ${reason}\n${base.message}` });
}
