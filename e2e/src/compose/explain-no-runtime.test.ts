import { describe, expect, it } from 'vitest';
import { explainNoRuntime } from './explain-no-runtime.js';

describe('explainNoRuntime', () => {
  const failure = 'Could not find a working container runtime strategy';

  it('names DOCKER_HOST when it is set', () => {
    expect(explainNoRuntime({ dockerHost: 'tcp://10.0.0.5:2375', socketExists: true, failure })).toBe(
      `DOCKER_HOST=tcp://10.0.0.5:2375 does not answer (${failure})`,
    );
  });

  it('names the default socket when it exists but nobody answers on it', () => {
    expect(explainNoRuntime({ dockerHost: undefined, socketExists: true, failure })).toBe(
      `/var/run/docker.sock exists but does not answer (${failure})`,
    );
  });

  it('says there is neither a socket nor DOCKER_HOST', () => {
    expect(explainNoRuntime({ dockerHost: undefined, socketExists: false, failure })).toBe(
      `no Docker socket at /var/run/docker.sock and DOCKER_HOST unset (${failure})`,
    );
  });
});
