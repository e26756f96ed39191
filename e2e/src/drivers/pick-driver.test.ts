import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pickDriver } from './pick-driver.js';

// The real probe: this machine (and CI's) has no Docker engine. On a machine with one these cases do not apply.
const noEngineHere = !process.env.DOCKER_HOST && !existsSync('/var/run/docker.sock');

describe.runIf(noEngineHere)('pickDriver where no container runtime answers', () => {
  it('fails a run that asks for containers, saying why and what to do', async () => {
    await expect(pickDriver({ E2E_DRIVER: 'container' })).rejects.toThrow(
      /^E2E_DRIVER=container, but no container runtime answers: no Docker socket at \/var\/run\/docker\.sock and DOCKER_HOST unset .*Start Docker .*unset E2E_DRIVER/,
    );
  });

  it('falls back to processes when left to choose, and says there is no runtime', async () => {
    const driver = await pickDriver({});
    expect(driver.name).toBe('process');
    expect(driver.reason).toMatch(/^no container runtime answers \(no Docker socket at .*DOCKER_HOST unset/);
  });

  it('treats E2E_DRIVER=auto like unset', async () => {
    expect((await pickDriver({ E2E_DRIVER: 'auto' })).name).toBe('process');
  });
});

describe('pickDriver', () => {
  it('uses processes when asked', async () => {
    const driver = await pickDriver({ E2E_DRIVER: 'process' });
    expect(driver).toMatchObject({ name: 'process', reason: 'E2E_DRIVER=process' });
  });

  it('refuses an unknown E2E_DRIVER', async () => {
    await expect(pickDriver({ E2E_DRIVER: 'kubernetes' })).rejects.toThrow(
      "E2E_DRIVER must be process, container or auto (or unset), not 'kubernetes'",
    );
  });
});

describe('pickDriver where a container runtime answers', () => {
  afterEach(() => {
    vi.doUnmock('./container-driver.js');
    vi.resetModules();
  });

  // No engine here, so the probe is replaced; the real container driver is still what is returned.
  async function pickWithRuntime(env: NodeJS.ProcessEnv) {
    vi.resetModules();
    vi.doMock('./container-driver.js', async (importOriginal) => ({
      ...(await importOriginal<typeof import('./container-driver.js')>()),
      probeContainerRuntime: async () => ({
        ok: true,
        detail: 'server 28.2.2 on Docker Desktop via localhost',
      }),
    }));
    const { pickDriver: pick } = await import('./pick-driver.js');
    return pick(env);
  }

  it('picks containers when left to choose, and says which runtime answered', async () => {
    const driver = await pickWithRuntime({});
    expect(driver.name).toBe('container');
    expect(driver.reason).toBe('a container runtime answers (server 28.2.2 on Docker Desktop via localhost)');
  });

  it('picks containers when asked for them', async () => {
    expect((await pickWithRuntime({ E2E_DRIVER: 'container' })).name).toBe('container');
  });

  it('still uses processes when asked for them', async () => {
    expect((await pickWithRuntime({ E2E_DRIVER: 'process' })).name).toBe('process');
  });
});
