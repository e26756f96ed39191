import { setTimeout as delay } from 'node:timers/promises';
import type { InspectedContainer } from './container-process-info.js';

export interface WaitForContainerHealthyOptions {
  /** Reads the container's current state (a Docker inspection). */
  inspect: () => Promise<InspectedContainer>;
  description: string;
  timeoutMs: number;
  pollIntervalMs?: number;
  now?: () => number;
}

/**
 * Polls a container until its healthcheck reports healthy (for the testbed's services: it answers `$SRV.PING`),
 * the same readiness the supervisor waits for. Fails at once when the container stops running.
 */
export async function waitForContainerHealthy(options: WaitForContainerHealthyOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  let last = 'not inspected yet';
  for (;;) {
    const { State } = await options.inspect();
    if (State.Health?.Status === 'healthy') return;
    if (State.Status === 'exited' || State.Status === 'dead') {
      throw new Error(`${options.description} stopped (exit ${State.ExitCode}) before it became healthy`);
    }
    last = `${State.Status}, health ${State.Health?.Status ?? 'none'}`;
    if (now() >= deadline) {
      throw new Error(
        `${options.description} not healthy within ${options.timeoutMs} ms (last seen: ${last})`,
      );
    }
    await delay(options.pollIntervalMs ?? 500);
  }
}
