import { describe, expect, it } from 'vitest';
import { natsServerConfigs } from './nats-server-configs.js';
import { type NatsMode, planNatsServers } from './nats-server-plan.js';
import type { PortAllocator } from './port-allocator.js';

function countingPorts(): PortAllocator {
  let next = 20_000;
  return { allocate: async () => next++ };
}

async function configsFor(mode: NatsMode, serversPerCluster: number) {
  const plan = await planNatsServers({
    mode,
    serversPerCluster,
    regions: ['eastus', 'westeurope'],
    runDir: '/run dir',
    ports: countingPorts(),
  });
  return { plan, configs: natsServerConfigs(plan) };
}

describe('natsServerConfigs', () => {
  it('renders one standalone server in single mode, without cluster or gateway blocks', async () => {
    const { plan, configs } = await configsFor('single', 3);
    expect(configs).toHaveLength(1);
    const [server] = plan.servers;
    expect(configs[0]!.text).toContain('server_name: "nats-main-1"');
    expect(configs[0]!.text).toContain(`listen: "127.0.0.1:${server!.clientPort}"`);
    expect(configs[0]!.text).toContain(`http: "127.0.0.1:${server!.httpPort}"`);
    expect(configs[0]!.text).toContain('store_dir: "/run dir/jetstream/nats-main-1"');
    expect(configs[0]!.text).not.toMatch(/cluster \{|gateway \{/);
  });

  it('routes every server of a cluster to all its members', async () => {
    const { plan, configs } = await configsFor('cluster', 3);
    expect(configs.map((c) => c.serverName)).toEqual(['nats-main-1', 'nats-main-2', 'nats-main-3']);
    for (const config of configs) {
      expect(config.text).toContain('name: "main"');
      for (const peer of plan.servers)
        expect(config.text).toContain(`nats-route://127.0.0.1:${peer.clusterPort}`);
      expect(config.text).not.toContain('gateway {');
    }
  });

  it('joins one cluster per region with gateways in supercluster mode', async () => {
    const { plan, configs } = await configsFor('supercluster', 1);
    expect(configs.map((c) => c.serverName)).toEqual(['nats-eastus-1', 'nats-westeurope-1']);
    const west = plan.servers[1]!;
    expect(configs[0]!.text).toMatch(/gateway \{\n {2}name: "eastus"/);
    expect(configs[0]!.text).toContain(
      `{ name: "westeurope", urls: ["nats://127.0.0.1:${west.gatewayPort}"] }`,
    );
    expect(configs[1]!.text).toMatch(/cluster \{\n {2}name: "westeurope"/);
  });

  it('uses a distinct port for every listener of every server', async () => {
    const { plan } = await configsFor('supercluster', 3);
    const ports = plan.servers.flatMap((s) => [s.clientPort, s.httpPort, s.clusterPort, s.gatewayPort]);
    expect(ports.every((p) => typeof p === 'number')).toBe(true);
    expect(new Set(ports).size).toBe(ports.length);
  });
});
