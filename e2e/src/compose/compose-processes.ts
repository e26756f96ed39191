import type { ProcessInfo } from '@cmk-testbed/shared';
import type { ComposeFile } from './compose-file.js';

/** The labels docker-compose.yml puts on every testbed process: what the supervisor would call it. */
export const processLabels = {
  name: 'cmk-testbed.process',
  kind: 'cmk-testbed.kind',
  region: 'cmk-testbed.region',
} as const;

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
