import { constants } from 'node:os';
import type { ProcessInfo } from '@cmk-testbed/shared';

/** A testbed process run as a container: what its `cmk-testbed.*` labels say it is. */
export interface ContainerProcess {
  name: string;
  kind: ProcessInfo['kind'];
  region: string;
}

/**
 * The fields of a Docker Engine container inspection (`GET /containers/{id}/json`) this package reads;
 * dockerode's ContainerInspectInfo has them too.
 */
export interface InspectedContainer {
  State: {
    Status: string;
    Pid: number;
    ExitCode: number;
    StartedAt: string;
    Health?: { Status: string };
  };
}

/**
 * A container as the supervisor would describe its process: `starting` until its healthcheck passes, `killed`
 * when SIGKILL ended it (exit status 128 + 9, as `docker kill` leaves it), `exited` for any other end.
 */
export function containerProcessInfo(
  process: ContainerProcess,
  inspected: InspectedContainer,
  restarts: number,
  nowMs: number,
): ProcessInfo {
  const state = inspected.State;
  const alive = state.Status === 'running' || state.Status === 'paused' || state.Status === 'restarting';
  const startedAtMs = Date.parse(state.StartedAt);
  const startedAt = Number.isFinite(startedAtMs) && startedAtMs > 0 ? startedAtMs : null;
  const signal = !alive && state.ExitCode > 128 ? signalName(state.ExitCode - 128) : null;
  return {
    name: process.name,
    kind: process.kind,
    region: process.region,
    pid: alive && state.Pid > 0 ? state.Pid : null,
    state: processState(state, signal),
    startedAt,
    uptimeMs: alive && startedAt !== null ? Math.max(0, nowMs - startedAt) : 0,
    restarts,
    exitCode: alive || signal ? null : state.ExitCode,
    signal,
  };
}

function processState(state: InspectedContainer['State'], signal: string | null): ProcessInfo['state'] {
  switch (state.Status) {
    case 'created':
      return 'starting';
    case 'running':
      return state.Health?.Status === 'starting' ? 'starting' : 'running';
    case 'paused':
      return 'paused';
    case 'restarting':
      return 'restarting';
    default:
      return signal === 'SIGKILL' ? 'killed' : 'exited';
  }
}

function signalName(signo: number): string | null {
  const entry = Object.entries(constants.signals).find(([, n]) => n === signo);
  return entry ? entry[0] : null;
}
