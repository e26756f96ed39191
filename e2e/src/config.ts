/**
 * The environment the CLI under test runs with: the suite's own, minus NATS_URL, so the CLI finds the testbed
 * through the home folder as a user's shell would.
 */
export function cliEnv(home: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { NATS_URL: _ignored, ...rest } = env;
  return { ...rest, CMK_TESTBED_HOME: home };
}
