import { AzureError, type ProcessInfo } from '@cmk-testbed/shared';
import { type FaultContext, FaultTargetError } from '../fault-kind.js';

/** The supervisor's processes, or a clear 503 when no supervisor answers (process faults need one). */
export async function supervisedProcesses(ctx: FaultContext): Promise<ProcessInfo[]> {
  try {
    return (await ctx.operator.testbed.list({})).processes;
  } catch (error) {
    if (error instanceof AzureError && (error.status === 503 || error.status === 504)) {
      throw new AzureError({
        status: 503,
        code: 'SupervisorUnavailable',
        message:
          'process faults act through the supervisor, and none answers: start the testbed with `cmk-testbed up`',
        cause: error.toBody(),
      });
    }
    throw error;
  }
}

/** A process of the topology by name; an unknown name is refused, listing the known ones. */
export async function knownProcess(ctx: FaultContext, name: string, verb: string): Promise<ProcessInfo> {
  if (name === ctx.instance)
    throw new FaultTargetError(
      `target.instance: '${name}' is this chaos controller, which cannot ${verb} itself; use the supervisor (cmk-testbed CLI) for that`,
    );
  const processes = await supervisedProcesses(ctx);
  const found = processes.find((p) => p.name === name);
  if (!found)
    throw new FaultTargetError(
      `target.instance: no process '${name}' in this testbed (known: ${processes.map((p) => p.name).join(', ')})`,
    );
  const natsServers = processes.filter((p) => p.kind === 'nats-server');
  if (verb !== 'restart' && found.kind === 'nats-server' && natsServers.length === 1)
    throw new FaultTargetError(
      `target.instance: '${name}' is the testbed's only nats-server: with it gone the controller could not reach the supervisor to undo the fault; restart it instead, or use a cluster topology`,
    );
  return found;
}

/** `storage-eastus-1 (storage in eastus, pid 1234)`, for effects. */
export function describeProcess(p: ProcessInfo): string {
  return `${p.name} (${p.kind} in ${p.region}${p.pid ? `, pid ${p.pid}` : ''})`;
}
