import { describe, expect, it } from 'vitest';
import type { InspectedContainer } from './container-process-info.js';
import { waitForContainerHealthy } from './wait-for-container-healthy.js';

const seen = (Status: string, health?: string, ExitCode = 0): InspectedContainer => ({
  State: { Status, Pid: 1, ExitCode, StartedAt: '', ...(health ? { Health: { Status: health } } : {}) },
});

/** Inspections in order (the last repeats), and a clock that moves 1 s per inspection. */
function scripted(states: InspectedContainer[]) {
  let calls = 0;
  let nowMs = 0;
  return {
    inspect: async () => {
      nowMs += 1000;
      return states[Math.min(calls++, states.length - 1)]!;
    },
    now: () => nowMs,
    calls: () => calls,
  };
}

describe('waitForContainerHealthy', () => {
  it('returns once the healthcheck reports healthy', async () => {
    const s = scripted([
      seen('running', 'starting'),
      seen('running', 'starting'),
      seen('running', 'healthy'),
    ]);
    await waitForContainerHealthy({ ...s, description: 'c', timeoutMs: 60_000, pollIntervalMs: 1 });
    expect(s.calls()).toBe(3);
  });

  it('fails at once when the container stops', async () => {
    const s = scripted([seen('running', 'starting'), seen('exited', 'unhealthy', 1)]);
    await expect(
      waitForContainerHealthy({
        ...s,
        description: 'storage-eastus-1',
        timeoutMs: 60_000,
        pollIntervalMs: 1,
      }),
    ).rejects.toThrow('storage-eastus-1 stopped (exit 1) before it became healthy');
    expect(s.calls()).toBe(2);
  });

  it('gives up after its timeout, saying what it last saw', async () => {
    const s = scripted([seen('running', 'unhealthy')]);
    await expect(
      waitForContainerHealthy({ ...s, description: 'entra-1', timeoutMs: 5_000, pollIntervalMs: 1 }),
    ).rejects.toThrow('entra-1 not healthy within 5000 ms (last seen: running, health unhealthy)');
  });
});
