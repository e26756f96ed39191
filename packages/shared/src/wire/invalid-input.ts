import type { z } from 'zod';
import { AzureError } from './azure-error.js';

/**
 * A 400 that names every bad field and why, e.g. `body.vault: expected string, received number`. The issues
 * travel in `details.issues` so scenario authors and fuzzers can assert on them.
 */
export function invalidInputError(operation: string, error: z.ZodError): AzureError {
  const issues = error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new AzureError({
    status: 400,
    code: 'InvalidInput',
    message: `Invalid request for ${operation}: ${summary}`,
    details: { issues },
  });
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(body)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}
