import type { ProcessInfo } from '@cmk-testbed/shared';
import { processLabels } from '@cmk-testbed/testbed';
import type { ComposeFile } from './compose-file.js';

export { processLabels };

/** The compose service that serves the testbed contract over the containers (packages/testbed/src/docker). */
export const supervisorService = 'supervisor';

/** One testbed process of the compose file: the compose service that runs it and its testbed identity. */
export interface ComposeProcess {
  service: string;
  name: string;
  kind: ProcessInfo['kind'];
  region: string;
}

/** Every compose service labelled as a testbed process, in file order (the one-shot `scenarios` is not one). */
export function composeProcesses(file: ComposeFile): ComposeProcess[] {
  return Object.entries(file.services).flatMap(([service, definition]) => {
    const labels = definition.labels ?? {};
    const name = labels[processLabels.name];
    if (!name) return [];
    return [
      {
        service,
        name,
        kind: labels[processLabels.kind] as ProcessInfo['kind'],
        region: labels[processLabels.region] ?? '',
      },
    ];
  });
}
