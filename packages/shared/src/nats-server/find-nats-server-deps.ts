import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';

export interface ExecResult {
  code: number;
  output: string;
}

/** The side effects findNatsServer needs, injectable so the decision logic is testable without apt. */
export interface FindNatsServerDeps {
  isExecutable(path: string): Promise<boolean>;
  fileExists(path: string): Promise<boolean>;
  exec(command: string, args: readonly string[]): Promise<ExecResult>;
  platform: NodeJS.Platform;
  isRoot: boolean;
  log(message: string): void;
}

/** The real side effects; `env` is what apt-get inherits (readNatsEnvConfig's `inheritedEnv`). */
export function defaultFindNatsServerDeps(env: NodeJS.ProcessEnv): FindNatsServerDeps {
  return {
    isExecutable: (path) => canAccess(path, constants.X_OK),
    fileExists: (path) => canAccess(path, constants.F_OK),
    exec: (command, args) => execCapture(command, args, env),
    platform: process.platform,
    isRoot: process.getuid?.() === 0,
    log: (message) => process.stderr.write(`${message}\n`),
  };
}

async function canAccess(path: string, mode: number): Promise<boolean> {
  try {
    await access(path, mode);
    return true;
  } catch {
    return false;
  }
}

function execCapture(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<ExecResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      [...args],
      { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}
