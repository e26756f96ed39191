import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/**
 * True while `pid` runs. A zombie counts as gone: a detached supervisor is re-parented to PID 1, which in a
 * sandbox or container may never reap it, yet it has exited.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** `pid 123 (nats-server -c ...) state S`: for failure messages about processes left behind. */
export function describeProcess(pid: number): string {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return `pid ${pid} (${cmdline}) state ${stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)}`;
  } catch {
    return `pid ${pid} (gone)`;
  }
}
