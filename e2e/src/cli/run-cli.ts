import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cliEnv } from '../config.js';

/** The built CLI, exactly what `npx cmk-testbed` runs. */
export const cliPath = fileURLToPath(new URL('../../../packages/testbed/dist/cli/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `cmk-testbed <args>` to completion with the given testbed home. */
export function runCli(args: string[], home: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = startCli(args, home);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr!.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `cmk-testbed <args>` and returns the running child (for foreground `up`). */
export function startCli(args: string[], home: string): ChildProcess {
  return spawn(process.execPath, [cliPath, ...args], {
    env: cliEnv(home),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The pids in a `status` table (third column). */
export function pidsOf(statusOutput: string): number[] {
  return statusOutput
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cells) => cells.length >= 4 && /^\d+$/.test(cells[2]!))
    .map((cells) => Number(cells[2]));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
