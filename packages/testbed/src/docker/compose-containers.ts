import { type ProcessKind, processKinds } from '../supervisor/process-spec.js';
import type { ContainerProcess } from './container-process-info.js';
import type { DockerEngine } from './docker-engine.js';
import { composeProjectLabel, processLabels } from './process-labels.js';

/** A testbed process of a compose project and the container that runs it. */
export interface ProcessContainer extends ContainerProcess {
  id: string;
}

/**
 * The containers of a compose project labelled as testbed processes, in the supervisor's start order
 * (nats-servers, entra, keyvault, storage, chaos; by name within a kind). A container whose kind label is
 * not a process kind is left out: it is not part of the testbed.
 */
export async function composeContainers(engine: DockerEngine, project: string): Promise<ProcessContainer[]> {
  const listed = await engine.listContainers([`${composeProjectLabel}=${project}`, processLabels.name]);
  return listed
    .flatMap((c) => {
      const kind = c.Labels[processLabels.kind];
      const name = c.Labels[processLabels.name];
      if (!name || !isProcessKind(kind)) return [];
      return [{ id: c.Id, name, kind, region: c.Labels[processLabels.region] ?? '' }];
    })
    .sort((a, b) => rank(a.kind) - rank(b.kind) || a.name.localeCompare(b.name));
}

function isProcessKind(kind: string | undefined): kind is ProcessKind {
  return (processKinds as readonly string[]).includes(kind ?? '');
}

function rank(kind: ProcessKind): number {
  return processKinds.indexOf(kind);
}
