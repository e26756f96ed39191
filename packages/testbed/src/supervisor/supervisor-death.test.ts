import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isProcessAlive } from './is-process-alive.js';

const runSupervisorPath = fileURLToPath(new URL('./fixtures/run-supervisor.ts', import.meta.url));
const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) =>
      reject(new Error(`supervisor fixture exited with ${code} before reporting pids`)),
    );
  });
}

/** Runs a supervisor with two fixture services in its own process; resolves once all are running. */
async function startSupervisorProcess(...flags: string[]) {
  const runDir = await mkdtemp(join(tmpdir(), 'supervisor-death-'));
  cleanups.push(() => rm(runDir, { recursive: true, force: true }));
  const supervisorProcess = spawn(
    process.execPath,
    ['--import', 'tsx', runSupervisorPath, runDir, ...flags],
    {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => supervisorProcess.once('exit', resolve));
  const childPids: number[] = [];
  // Should the test fail midway, never leave the supervisor or its children running.
  cleanups.push(() => {
    supervisorProcess.kill('SIGKILL');
    for (const pid of childPids) if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
  });
  childPids.push(...(JSON.parse(await firstLine(supervisorProcess)) as number[]));
  expect(childPids).toHaveLength(3);
  for (const pid of childPids) expect(isProcessAlive(pid)).toBe(true);
  return { supervisorProcess, childPids, exited };
}

describe('a supervisor killed with SIGKILL', () => {
  it('takes every child it started down with it', async () => {
    const { supervisorProcess, childPids } = await startSupervisorProcess();
    supervisorProcess.kill('SIGKILL');
    await expect.poll(() => childPids.filter(isProcessAlive), { timeout: 10_000 }).toEqual([]);
  });
});

describe('installSignalHandlers', () => {
  it('stops every child on SIGTERM before the supervisor exits', async () => {
    const { supervisorProcess, childPids, exited } = await startSupervisorProcess('--signal-handlers');
    supervisorProcess.kill('SIGTERM');
    expect(await exited).toBe(143);
    // Checked at once, not polled: the handler waits for every child before exiting.
    expect(childPids.filter(isProcessAlive)).toEqual([]);
  });
});
