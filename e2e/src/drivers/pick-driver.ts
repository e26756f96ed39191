import { driverChoice } from '../config.js';
import { containerDriver, probeContainerRuntime } from './container-driver.js';
import type { TestbedDriver } from './driver.js';
import { processDriver } from './process-driver.js';

/**
 * The driver a run uses: `E2E_DRIVER=process` or `container` forces one; otherwise containers when a
 * container runtime answers, else processes. Forcing containers where no runtime answers is an error, never
 * a silent fallback: a CI job that asks for containers must not pass on processes.
 */
export async function pickDriver(env?: NodeJS.ProcessEnv): Promise<TestbedDriver> {
  const wanted = driverChoice(env);
  if (wanted === 'process') return processDriver('E2E_DRIVER=process');
  const runtime = await probeContainerRuntime();
  if (runtime.ok) return containerDriver(`a container runtime answers (${runtime.detail})`);
  if (wanted === 'container') {
    throw new Error(
      `E2E_DRIVER=container, but no container runtime answers: ${runtime.detail}. Start Docker (or Podman with its Docker socket), or unset E2E_DRIVER to use the process driver.`,
    );
  }
  return processDriver(
    `no container runtime answers (${runtime.detail}); the container suites run through the process driver`,
  );
}
