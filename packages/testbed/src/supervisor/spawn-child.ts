import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { ProcessSpec } from './process-spec.js';

export interface SpawnChildOptions {
  logPath: string;
  /** When set, the child runs under `setpriv --pdeathsig SIGKILL` so it dies with the supervisor. */
  setprivPath: string | undefined;
  inheritedEnv: Record<string, string>;
  /** Written to the log before the child's own output, so restarts are visible in the history. */
  banner: string;
}

/** Spawns one child with stdout and stderr appended to its log file and a stdin pipe. */
export function spawnChild(spec: ProcessSpec, options: SpawnChildOptions): ChildProcess {
  const [command, args] = options.setprivPath
    ? [options.setprivPath, ['--pdeathsig', 'SIGKILL', '--', spec.command, ...spec.args]]
    : [spec.command, spec.args];
  const logFd = openSync(options.logPath, 'a');
  try {
    writeSync(logFd, `${options.banner}\n`);
    const child = spawn(command, args, {
      stdio: ['pipe', logFd, logFd],
      env: { ...options.inheritedEnv, ...spec.env },
      // Own process group: a terminal's Ctrl-C reaches only the supervisor, which then stops children in order.
      detached: true,
    });
    // A child that dies closes its stdin; writing to it then must not crash the supervisor.
    child.stdin?.on('error', () => {});
    return child;
  } finally {
    // The child holds its own copy of the descriptor.
    closeSync(logFd);
  }
}
