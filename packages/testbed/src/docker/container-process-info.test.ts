import { describe, expect, it } from 'vitest';
import {
  type ContainerProcess,
  containerProcessInfo,
  type InspectedContainer,
} from './container-process-info.js';

const storage: ContainerProcess = {
  name: 'storage-eastus-1',
  kind: 'storage',
  region: 'eastus',
};
const startedAt = '2026-01-02T03:04:05.000Z';
const startedMs = Date.parse(startedAt);
const state = (s: Partial<InspectedContainer['State']>): InspectedContainer => ({
  State: { Status: 'running', Pid: 4242, ExitCode: 0, StartedAt: startedAt, ...s },
});

describe('containerProcessInfo', () => {
  it('describes a healthy running container as a running process', () => {
    expect(
      containerProcessInfo(storage, state({ Health: { Status: 'healthy' } }), 1, startedMs + 1500),
    ).toEqual({
      name: 'storage-eastus-1',
      kind: 'storage',
      region: 'eastus',
      pid: 4242,
      state: 'running',
      startedAt: startedMs,
      uptimeMs: 1500,
      restarts: 1,
      exitCode: null,
      signal: null,
    });
  });

  it('is starting until its healthcheck passes', () => {
    expect(containerProcessInfo(storage, state({ Health: { Status: 'starting' } }), 0, startedMs).state).toBe(
      'starting',
    );
  });

  it('calls a container that SIGKILL ended killed, with the signal and no exit code', () => {
    const info = containerProcessInfo(
      storage,
      state({ Status: 'exited', Pid: 0, ExitCode: 137 }),
      0,
      startedMs,
    );
    expect(info).toMatchObject({
      state: 'killed',
      pid: null,
      uptimeMs: 0,
      exitCode: null,
      signal: 'SIGKILL',
    });
  });

  it('calls any other end exited, with its exit code', () => {
    const info = containerProcessInfo(
      storage,
      state({ Status: 'exited', Pid: 0, ExitCode: 1 }),
      0,
      startedMs,
    );
    expect(info).toMatchObject({ state: 'exited', exitCode: 1, signal: null });
  });

  it('has no start time before the container ever started', () => {
    const info = containerProcessInfo(
      storage,
      state({ Status: 'created', Pid: 0, StartedAt: '0001-01-01T00:00:00Z' }),
      0,
      startedMs,
    );
    expect(info).toMatchObject({ state: 'starting', startedAt: null, pid: null });
  });
});
