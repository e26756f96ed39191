import { randomUUID } from 'node:crypto';
import { AzureError } from '@cmk-testbed/shared';

/**
 * An error of the token endpoint, shaped as Entra's `{error, error_description, error_codes, ...}`: the OAuth
 * error is the code, `AADSTS<n>` the inner code, and the description starts with `AADSTS<n>: `.
 */
export function aadstsError(
  status: 400 | 401,
  error: 'invalid_request' | 'invalid_client' | 'unauthorized_client' | 'invalid_grant' | 'invalid_scope',
  aadsts: number,
  description: string,
  now: number,
): AzureError {
  const traceId = randomUUID();
  const timestamp = new Date(now)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return new AzureError({
    status,
    code: error,
    innerCode: `AADSTS${aadsts}`,
    message: `AADSTS${aadsts}: ${description} Trace ID: ${traceId} Correlation ID: ${randomUUID()} Timestamp: ${timestamp}`,
    details: { error_codes: [aadsts], trace_id: traceId, timestamp },
  });
}

/** A directory object that does not exist (ARM's and Graph's 404). */
export function notFound(kind: string, id: string): AzureError {
  return new AzureError({ status: 404, code: `${kind}NotFound`, message: `${kind} '${id}' was not found.` });
}

export function conflict(code: string, message: string): AzureError {
  return new AzureError({ status: 409, code, message });
}

export function badRequest(code: string, message: string): AzureError {
  return new AzureError({ status: 400, code, message });
}

/**
 * The managed-identity endpoint's refusal (IMDS answers 400 `invalid_request` "Identity not found"); the
 * testbed adds why, which Azure does not.
 */
export function identityNotFound(reason: string): AzureError {
  return new AzureError({
    status: 400,
    code: 'invalid_request',
    innerCode: 'IdentityNotFound',
    message: `Identity not found: ${reason}`,
  });
}
