import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { containerDriver, probeContainerRuntime } from './container-driver.js';

// What this machine (and CI's) looks like: no Docker engine. On a machine with one these cases do not apply.
const noEngineHere = !process.env.DOCKER_HOST && !existsSync('/var/run/docker.sock');

describe.runIf(noEngineHere)('probeContainerRuntime without a container engine', () => {
  it('reports no runtime, saying where it looked', async () => {
    const probe = await probeContainerRuntime();
    expect(probe.ok).toBe(false);
    expect(probe.detail).toMatch(
      /^no Docker socket at \/var\/run\/docker\.sock and DOCKER_HOST unset \(.+\)$/,
    );
  });

  it('answers within its time limit instead of hanging', async () => {
    const started = performance.now();
    await probeContainerRuntime();
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('containerDriver', () => {
  it('names itself and keeps the reason it was picked for', () => {
    const driver = containerDriver('a container runtime answers (test)');
    expect(driver.name).toBe('container');
    expect(driver.reason).toBe('a container runtime answers (test)');
  });

  it('refuses a topology other than docker-compose.yml runs, before touching any container', async () => {
    const driver = containerDriver('test');
    const topologyYaml = 'regions:\n  - { name: eastus, storageNodes: 3 }\n';
    await expect(driver.start({ label: 'other-topology', topologyYaml })).rejects.toThrow(
      "the container driver runs docker-compose.yml's topology, and this suite asks for another one (missing: nats-main-1, storage-eastus-3; not in it: nats-eastus-1, nats-westeurope-1, keyvault-westeurope-1, storage-westeurope-1); run it with E2E_DRIVER=process",
    );
  });

  it.runIf(noEngineHere)(
    'accepts the topology docker-compose.yml runs, then needs a container runtime',
    async () => {
      const topologyYaml = [
        'regions:',
        '  - { name: eastus, storageNodes: 2 }',
        '  - { name: westeurope, storageNodes: 1 }',
        'nats: { mode: supercluster, serversPerCluster: 1 }',
      ].join('\n');
      await expect(containerDriver('test').start({ label: 'supercluster', topologyYaml })).rejects.toThrow(
        'Could not find a working container runtime strategy',
      );
    },
  );
});
