import type { ProcessInfo } from '@cmk-testbed/shared';
import { expect } from 'vitest';
import type { RunningTestbed } from '../drivers/driver.js';

/**
 * Polls the process list until `name` is in `state` (with `restarts` restarts, when given) and returns it.
 * The supervisor acts on a nats-server only after its reply has gone out, and its own connection may be
 * reconnecting meanwhile, so a list that fails or still shows the old state is asked again.
 */
export async function waitForProcess(
  t: RunningTestbed,
  name: string,
  want: { state: ProcessInfo['state']; restarts?: number },
): Promise<ProcessInfo> {
  let found: ProcessInfo | undefined;
  const describe = (p: ProcessInfo) =>
    want.restarts === undefined ? p.state : `${p.state}, ${p.restarts} restarts`;
  await expect
    .poll(
      async () => {
        try {
          found = processNamed(await t.processes(), name);
          return describe(found);
        } catch (error) {
          return (error as Error).message;
        }
      },
      { timeout: 30_000, interval: 50 },
    )
    .toBe(describe({ state: want.state, restarts: want.restarts ?? 0 } as ProcessInfo));
  return found!;
}

export function processNamed(processes: readonly ProcessInfo[], name: string): ProcessInfo {
  const found = processes.find((p) => p.name === name);
  if (!found) throw new Error(`no process '${name}' in ${processes.map((p) => p.name).join(', ')}`);
  return found;
}
