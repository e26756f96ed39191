// Benchmark: time from disabling the key to 403 on EVERY storage node of a region, with the default topology's
// two eastus storage nodes as real processes (plus entra-svc and keyvault-svc), once with event invalidation
// on (target < 100 ms) and once with the TTL only (the testbed clock is moved past the key cache TTL).
// The contract has no instance-scoped subject, so each probe is a burst of concurrent reads through the
// region's queue group; `$SRV.STATS` confirms after each round that both nodes answered the refusing burst.
// Usage: tsx --conditions=source bench/disable-to-403.ts [rounds] [burst]
import {
  ClockStore,
  client,
  entraContract,
  keyvaultContract,
  storageContract,
  TestbedClock,
} from '@cmk-testbed/shared';
import { startNatsServer, startPeers } from '@cmk-testbed/shared/testing';
import { connect, type NatsConnection } from 'nats';
import { cmkAccount } from '../src/testing/cmk-account.js';
import { cmkWorld, keyCacheTtlMs } from '../src/testing/cmk-world.js';
import { servicePeers } from '../src/testing/service-peers.js';

const rounds = Number(process.argv[2] ?? 5);
const burst = Number(process.argv[3] ?? 32);
const nodes = ['storage-eastus-1', 'storage-eastus-2'];

/** getBlob requests served so far by each storage node, from the services API's `$SRV.STATS`. */
async function servedReads(nc: NatsConnection): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const replies = await nc.requestMany(`$SRV.STATS.${storageContract.serviceName}`, undefined, {
    maxWait: 300,
  });
  for await (const msg of replies) {
    if (msg.data.length === 0) break;
    const stats = JSON.parse(new TextDecoder().decode(msg.data)) as {
      metadata?: { instance?: string };
      endpoints?: { name: string; num_requests: number }[];
    };
    const reads = stats.endpoints?.find((e) => e.name === 'getBlob')?.num_requests ?? 0;
    if (stats.metadata?.instance) counts.set(stats.metadata.instance, reads);
  }
  return counts;
}

async function measure(label: string, env: Record<string, string>, ttlOnly: boolean): Promise<void> {
  const server = await startNatsServer();
  const peers = await startPeers(
    server.url,
    servicePeers({
      storageNodes: nodes,
      storageEnv: { CMK_EGRESS_IP: '10.1.0.1', LOG_LEVEL: 'error', ...env },
    }),
  );
  const nc = await connect({ servers: server.url });
  const clock = await TestbedClock.start(nc);
  try {
    const clockStore = await ClockStore.open(nc);
    const caller = { service: 'bench', instance: 'bench', region: 'eastus' };
    const entra = client(nc, entraContract, { caller, clock });
    const keyvault = client(nc, keyvaultContract, { caller, region: 'eastus', clock });
    const storage = client(nc, storageContract, { caller, region: 'eastus', clock, timeoutMs: 10_000 });
    const world = await cmkWorld(entra, keyvault, 'bench403');
    await storage.createAccount(cmkAccount(world, 'bench403'));
    await storage.createContainer({ account: 'bench403', container: 'data' });
    await storage.putBlob({ account: 'bench403', container: 'data', blob: 'b', body: 'x' });

    const read = () =>
      storage.getBlob({ account: 'bench403', container: 'data', blob: 'b' }).then(
        () => 'ok',
        (e: { status?: number; code?: string }) => (e.status === 403 ? '403' : `${e.status} ${e.code}`),
      );
    const readBurst = () => Promise.all(Array.from({ length: burst }, read));
    const setEnabled = async (enabled: boolean) =>
      keyvault.updateKey({
        vault: world.vault,
        authorization: await world.admin(),
        name: 'cmk',
        attributes: { enabled },
      });
    /**
     * Bursts until one is all `want`: every node answered so by the end of that burst (upper bound), and
     * not yet for certain at its start (lower bound).
     */
    const until = async (want: string, limitMs: number) => {
      const started = performance.now();
      for (;;) {
        const burstStart = performance.now();
        const outcomes = await readBurst();
        if (outcomes.every((o) => o === want)) return { burstStart, end: performance.now() };
        const other = outcomes.find((o) => o !== 'ok' && o !== '403');
        if (other) throw new Error(`${label}: unexpected outcome ${other}`);
        if (performance.now() - started > limitMs)
          throw new Error(`${label}: no all-${want} burst in ${limitMs} ms`);
      }
    };
    const confirmBothNodes = async (want: string) => {
      const before = await servedReads(nc);
      const outcomes = await readBurst();
      const after = await servedReads(nc);
      const reached = nodes.filter((n) => (after.get(n) ?? 0) > (before.get(n) ?? 0));
      if (reached.length !== nodes.length || outcomes.some((o) => o !== want))
        throw new Error(`${label}: confirmation burst reached ${reached.join(', ')}: ${outcomes.join(' ')}`);
    };

    const delays: number[] = [];
    const lowerBounds: number[] = [];
    const afterAdvance: number[] = [];
    const updateKeyMs: number[] = [];
    let servedWithinTtl = 0;
    for (let r = 0; r < rounds; r++) {
      // Both nodes hold the key, freshly cached.
      await until('ok', 30_000);
      await confirmBothNodes('ok');
      const disabledAt = performance.now();
      await setEnabled(false);
      updateKeyMs.push(performance.now() - disabledAt);
      let refused: { burstStart: number; end: number };
      if (ttlOnly) {
        // Inside the TTL every node still serves from its cache: the key's state is not asked for.
        const within = await readBurst();
        servedWithinTtl += within.filter((o) => o === 'ok').length;
        const advancedAt = performance.now();
        const { revision } = await clockStore.advance(keyCacheTtlMs + 1000);
        clock.observeRevision(revision);
        refused = await until('403', 30_000);
        afterAdvance.push(refused.end - advancedAt);
      } else {
        refused = await until('403', 30_000);
      }
      delays.push(refused.end - disabledAt);
      lowerBounds.push(refused.burstStart - disabledAt);
      await confirmBothNodes('403');
      await setEnabled(true);
    }
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
    const fmt = (v: number[]) => `median ${median(v).toFixed(1)} ms, max ${Math.max(...v).toFixed(1)} ms`;
    console.log(
      `${label}: key disabled -> 403 on both eastus nodes: ${fmt(delays)} over ${rounds} rounds (lower bound, start of that probe: ${fmt(lowerBounds)}; updateKey round trip ${fmt(updateKeyMs)}; probe = burst of ${burst} concurrent getBlob, both nodes confirmed by $SRV.STATS)`,
    );
    if (ttlOnly) {
      console.log(
        `${label}: reads served from cache right after the disable (before the TTL passed): ${servedWithinTtl}/${burst * rounds}; clock advanced by TTL ${keyCacheTtlMs / 60_000} min + 1 s -> 403 on both nodes ${fmt(afterAdvance)} of real time after the advance (revocation without events takes up to the TTL of testbed time: default PT10M)`,
      );
    }
  } finally {
    clock.stop();
    await nc.close();
    for (const p of peers) await p[Symbol.asyncDispose]();
    await server.stop();
  }
}

await measure('event invalidation on', { CMK_STORAGE_EVENT_INVALIDATION: '1' }, false);
await measure('TTL only (event invalidation off)', { CMK_STORAGE_EVENT_INVALIDATION: '0' }, true);
