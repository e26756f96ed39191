import { AzureError, type AzureErrorBody } from '@cmk-testbed/shared';

/** A management-plane (ARM) error: `{error: {code, message}}` in Azure, carried as the one error type here. */
export function managementError(
  status: number,
  code: string,
  message: string,
  cause?: AzureErrorBody,
): AzureError {
  return new AzureError({ status, code, message, cause });
}
