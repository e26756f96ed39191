import type { z } from 'zod';
import { AzureError } from './azure-error.js';

/**
 * A 400 that names every bad field and why, e.g. `body.vault: expected string, received number`. The issues
 * travel in `details.issues` so scenario authors and fuzzers can assert on them.
 */
export function invalidInputError(operation: string, error: z.ZodError): AzureError {
  // A small request can hold thousands of bad array items: name the first few, count the rest, and cut
  // each text, so the error stays far below the bus's payload limit whatever was sent.
  const issues = error.issues.slice(0, maxIssues).map((issue) => ({
    path: clip(formatPath(issue.path), 200),
    message: clip(issue.message, 300),
  }));
  const more = error.issues.length - issues.length;
  const summary =
    issues.map((i) => `${i.path}: ${i.message}`).join('; ') + (more > 0 ? `; and ${more} more` : '');
  return new AzureError({
    status: 400,
    code: 'InvalidInput',
    message: `Invalid request for ${operation}: ${summary}`,
    details: { issues, ...(more > 0 ? { more } : {}) },
  });
}

const maxIssues = 20;

/** At most `max` characters of `text`, saying how much was left out. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}... (${text.length - max} more characters)`;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(body)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}
