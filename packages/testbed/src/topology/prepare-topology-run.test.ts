import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareTopologyRun } from './prepare-topology-run.js';
import { topologySchema } from './topology-schema.js';

let runDir: string;
beforeEach(async () => {
  runDir = await mkdtemp(join(tmpdir(), 'prepare-run-'));
});
afterEach(async () => {
  await rm(runDir, { recursive: true, force: true });
});

describe('prepareTopologyRun', () => {
  it('writes a config per nats-server and plans processes that use them', async () => {
    const topology = topologySchema.parse({
      regions: [{ name: 'eastus' }, { name: 'westeurope' }],
      nats: { mode: 'supercluster' },
    });
    const run = await prepareTopologyRun(topology, { runDir, natsServerBin: '/usr/sbin/nats-server' });
    expect(run.nats.servers.map((s) => s.serverName)).toEqual(['nats-eastus-1', 'nats-westeurope-1']);
    const config = await readFile(join(runDir, 'nats', 'nats-westeurope-1.conf'), 'utf8');
    expect(config).toContain(`listen: "127.0.0.1:${run.nats.servers[1]!.clientPort}"`);
    expect(run.natsUrl.split(',')).toEqual(run.nats.servers.map((s) => `nats://127.0.0.1:${s.clientPort}`));
    expect(run.processes.find((p) => p.name === 'entra-1')?.args[0]).toMatch(
      /\/packages\/entra-svc\/dist\/main\.js$/,
    );
  });
});
