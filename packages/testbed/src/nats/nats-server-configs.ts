import type { NatsServerPlan, NatsServerSpec } from './nats-server-plan.js';

export interface NatsServerConfig {
  serverName: string;
  configPath: string;
  text: string;
}

/** Renders one nats-server config file (nats-server's own format) per server of the plan. */
export function natsServerConfigs(plan: NatsServerPlan): NatsServerConfig[] {
  return plan.servers.map((server) => ({
    serverName: server.serverName,
    configPath: server.configPath,
    text: renderServer(server, plan),
  }));
}

function renderServer(server: NatsServerSpec, plan: NatsServerPlan): string {
  const lines = [
    `server_name: ${quote(server.serverName)}`,
    `listen: "127.0.0.1:${server.clientPort}"`,
    `http: "127.0.0.1:${server.httpPort}"`,
    'jetstream {',
    `  store_dir: ${quote(server.storeDir)}`,
    '}',
  ];
  if (server.clusterPort !== undefined) lines.push(...renderCluster(server, plan));
  if (server.gatewayPort !== undefined) lines.push(...renderGateway(server, plan));
  return `${lines.join('\n')}\n`;
}

function renderCluster(server: NatsServerSpec, plan: NatsServerPlan): string[] {
  // Every server lists the whole cluster, itself included: nats-server skips the route to itself, and a lone
  // server (supercluster with one server per region) needs a configured route or JetStream refuses to start
  // ("JetStream cluster requires configured routes").
  const peers = plan.servers.filter((s) => s.cluster === server.cluster);
  return [
    'cluster {',
    `  name: ${quote(server.cluster)}`,
    `  listen: "127.0.0.1:${server.clusterPort}"`,
    '  routes: [',
    ...peers.map((peer) => `    "nats-route://127.0.0.1:${peer.clusterPort}"`),
    '  ]',
    '}',
  ];
}

function renderGateway(server: NatsServerSpec, plan: NatsServerPlan): string[] {
  const clusters = [...new Set(plan.servers.map((s) => s.cluster))];
  const entries = clusters.map((cluster) => {
    const urls = plan.servers
      .filter((s) => s.cluster === cluster)
      .map((s) => quote(`nats://127.0.0.1:${s.gatewayPort}`))
      .join(', ');
    return `    { name: ${quote(cluster)}, urls: [${urls}] }`;
  });
  return [
    'gateway {',
    `  name: ${quote(server.cluster)}`,
    `  listen: "127.0.0.1:${server.gatewayPort}"`,
    '  gateways: [',
    ...entries,
    '  ]',
    '}',
  ];
}

// JSON string quoting is valid nats-server config syntax and keeps paths with spaces or colons intact.
function quote(value: string): string {
  return JSON.stringify(value);
}
