import { join } from 'node:path';
import { z } from 'zod';

// `NATS_URL=` in a shell or a CI file means "not set", not "connect to the empty string".
function emptyAsUnset(value: unknown): unknown {
  return value === '' ? undefined : value;
}

const cliEnvSchema = z.object({
  /** Where run directories and the current-testbed file live; defaults to `.cmk-testbed` in the cwd. */
  CMK_TESTBED_HOME: z.preprocess(emptyAsUnset, z.string().optional()),
  /** A testbed to talk to instead of the one recorded in the home folder. */
  NATS_URL: z.preprocess(emptyAsUnset, z.string().optional()),
});

export interface CliConfig {
  home: string;
  natsUrl: string | undefined;
}

export function loadCliConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): CliConfig {
  const parsed = cliEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid environment variable ${String(issue?.path[0])}: ${issue?.message}`);
  }
  return { home: parsed.data.CMK_TESTBED_HOME ?? join(cwd, '.cmk-testbed'), natsUrl: parsed.data.NATS_URL };
}
