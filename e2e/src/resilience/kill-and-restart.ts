import { expect } from 'vitest';
import type { RunningTestbed } from '../drivers/driver.js';
import type { Outage } from './attribute-failures.js';
import type { BlobLoad } from './blob-load.js';
import { processNamed, waitForProcess } from './wait-for-process.js';

/** Operations the load must finish while a process is down, so the outage is felt and not just scheduled. */
const opsWhileDown = 200;

/**
 * SIGKILLs one process under load, runs `whileDown` (e.g. moves the clock past a cache), keeps the process
 * down until every load worker has finished a request sent after that (so requests caught in flight have
 * failed or been answered) and `opsWhileDown` operations ended, restarts it and waits until every worker has
 * finished a request sent after the restart was ready.
 */
export async function killAndRestart(
  t: RunningTestbed,
  load: BlobLoad,
  name: string,
  whileDown?: () => Promise<void>,
): Promise<Outage> {
  const before = processNamed(await t.processes(), name);
  const killAt = Date.now();
  await t.kill(name);
  await waitForProcess(t, name, { state: 'killed' });
  await whileDown?.();
  const downFrom = Date.now();
  const finishedBefore = load.finished;
  await expect
    .poll(() => load.everyWorkerCaughtUp(downFrom) && load.finished - finishedBefore >= opsWhileDown, {
      timeout: 30_000,
      interval: 20,
    })
    .toBe(true);
  await t.restart(name);
  const after = await waitForProcess(t, name, { state: 'running', restarts: before.restarts + 1 });
  const restartedAt = Date.now();
  expect(after.pid).not.toBe(before.pid);
  await expect
    .poll(() => load.everyWorkerCaughtUp(restartedAt), { timeout: 30_000, interval: 20 })
    .toBe(true);
  return { target: name, killAt, restartedAt };
}
