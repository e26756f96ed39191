import { AzureError } from '@cmk-testbed/shared';

/** 404 ProcessNotFound for a name the testbed has no process of, listing the names it has. */
export function processNotFound(name: string, known: readonly string[]): AzureError {
  return new AzureError({
    status: 404,
    code: 'ProcessNotFound',
    message: `name: no process '${name}' in this testbed. Known: ${known.join(', ')}`,
  });
}
