/**
 * The environment the CLI under test runs with: the suite's own, minus NATS_URL, so the CLI finds the testbed
 * through the home folder as a user's shell would.
 */
export function cliEnv(home: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { NATS_URL: _ignored, ...rest } = env;
  return { ...rest, CMK_TESTBED_HOME: home };
}

export type DriverChoice = 'auto' | 'process' | 'container';

/** `E2E_DRIVER`: which driver the suites use; unset or empty means `auto` (containers when a runtime answers). */
export function driverChoice(env: NodeJS.ProcessEnv = process.env): DriverChoice {
  const wanted = env.E2E_DRIVER?.trim() || 'auto';
  if (wanted !== 'auto' && wanted !== 'process' && wanted !== 'container') {
    throw new Error(`E2E_DRIVER must be process, container or auto (or unset), not '${wanted}'`);
  }
  return wanted;
}
