import type { ProcessKind } from './process-spec.js';

export const processStates = ['starting', 'running', 'paused', 'exited', 'killed', 'restarting'] as const;
export type ProcessState = (typeof processStates)[number];

/** A row of Supervisor.list(). */
export interface ProcessStatus {
  name: string;
  kind: ProcessKind;
  region: string;
  pid: number | undefined;
  state: ProcessState;
  /** Epoch ms of the latest spawn, from the supervisor's time source. */
  startedAt: number | undefined;
  /** Time since the latest spawn while the process lives; 0 once it is gone. */
  uptimeMs: number;
  restarts: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/** Emitted for every exit of a child; `unexpected` when nobody asked it to stop. */
export interface ProcessExit {
  name: string;
  pid: number | undefined;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  unexpected: boolean;
}
