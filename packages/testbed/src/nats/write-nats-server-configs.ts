import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { natsServerConfigs } from './nats-server-configs.js';
import type { NatsServerPlan } from './nats-server-plan.js';

/** Writes every server's config file and creates its JetStream store dir; returns the config paths. */
export async function writeNatsServerConfigs(plan: NatsServerPlan): Promise<string[]> {
  const configs = natsServerConfigs(plan);
  for (const [i, config] of configs.entries()) {
    await mkdir(dirname(config.configPath), { recursive: true });
    await mkdir(plan.servers[i]!.storeDir, { recursive: true });
    await writeFile(config.configPath, config.text);
  }
  return configs.map((c) => c.configPath);
}
