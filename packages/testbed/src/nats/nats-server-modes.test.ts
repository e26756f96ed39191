import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNatsServer, readNatsEnvConfig } from '@cmk-testbed/shared';
import { connect, type NatsConnection, StringCodec } from 'nats';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type NatsMode, planNatsServers } from './nats-server-plan.js';
import { natsUrls } from './nats-urls.js';
import { createPortAllocator } from './port-allocator.js';
import { runNatsServers } from './test-support/run-nats-servers.js';

const sc = StringCodec();
const cleanups: Array<() => unknown> = [];
let natsServerBin: string;

beforeAll(async () => {
  const env = readNatsEnvConfig();
  // Tests must never apt-install; a missing binary fails here with the install hint.
  natsServerBin = await findNatsServer({ ...env, deps: { isRoot: false } });
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startMode(mode: NatsMode, serversPerCluster: number) {
  const runDir = await mkdtemp(join(tmpdir(), `nats-${mode}-`));
  cleanups.push(() => rm(runDir, { recursive: true, force: true }));
  const plan = await planNatsServers({
    mode,
    serversPerCluster,
    regions: ['eastus', 'westeurope'],
    runDir,
    ports: createPortAllocator(),
  });
  const servers = await runNatsServers(plan, natsServerBin);
  cleanups.push(() => servers[Symbol.asyncDispose]());
  return plan;
}

async function connectTo(servers: string[]): Promise<NatsConnection> {
  const nc = await connect({ servers });
  cleanups.push(() => nc.close());
  return nc;
}

async function expectKvRoundTrip(nc: NatsConnection, replicas: number) {
  const kv = await nc.jetstream().views.kv('t1', { replicas });
  await kv.put('k', sc.encode('v1'));
  const entry = await kv.get('k');
  expect(entry && sc.decode(entry.value)).toBe('v1');
}

describe('nats-server configs on a real nats-server', () => {
  it('single: one server with JetStream serves a KV bucket', async () => {
    const plan = await startMode('single', 1);
    expect(plan.servers).toHaveLength(1);
    await expectKvRoundTrip(await connectTo(natsUrls(plan)), 1);
  });

  it('cluster: three routed servers serve an R3 KV bucket', async () => {
    const plan = await startMode('cluster', 3);
    const nc = await connectTo(natsUrls(plan));
    await expectKvRoundTrip(nc, 3);
    const info = await (await nc.jetstreamManager()).streams.info('KV_t1');
    expect(info.cluster?.replicas ?? []).toHaveLength(2);
  });

  it('supercluster: one cluster per region, joined by gateways, carries KV and request/reply', async () => {
    const plan = await startMode('supercluster', 1);
    const east = await connectTo(natsUrls(plan, 'eastus'));
    const west = await connectTo(natsUrls(plan, 'westeurope'));
    await expectKvRoundTrip(east, 1);

    const sub = east.subscribe('probe.echo', {
      callback: (_err, msg) => msg.respond(sc.encode(`east got ${sc.decode(msg.data)}`)),
    });
    cleanups.push(async () => sub.unsubscribe());
    await east.flush();
    // Gateway interest propagation is asynchronous: retry until the request crosses.
    await expect
      .poll(
        async () => {
          const reply = await west
            .request('probe.echo', sc.encode('hi'), { timeout: 500 })
            .catch(() => undefined);
          return reply && sc.decode(reply.data);
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBe('east got hi');
  });
});
