import { setTimeout as wait } from 'node:timers/promises';
import { isProcessAlive } from '../supervisor/is-process-alive.js';

/** Polls until process `pid` is gone; false if it still lives after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await wait(50);
  }
  return !isProcessAlive(pid);
}
