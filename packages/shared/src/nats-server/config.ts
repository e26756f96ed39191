import { z } from 'zod';

const natsEnvSchema = z.object({
  NATS_SERVER_BIN: z.string().min(1).optional(),
  PATH: z.string().default(''),
});

export interface NatsEnvConfig {
  /** Explicit nats-server binary; wins over any PATH lookup. */
  natsServerBin: string | undefined;
  /** Search path for nats-server and apt-get. */
  searchPath: string;
  /** The environment apt-get runs with, should findNatsServer install nats-server: this process's own. */
  inheritedEnv: NodeJS.ProcessEnv;
}

/** Reads the variables that decide where findNatsServer looks for nats-server. */
export function readNatsEnvConfig(env: NodeJS.ProcessEnv = process.env): NatsEnvConfig {
  const parsed = natsEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid environment variable ${String(issue?.path[0])}: ${issue?.message}`);
  }
  return { natsServerBin: parsed.data.NATS_SERVER_BIN, searchPath: parsed.data.PATH, inheritedEnv: env };
}
