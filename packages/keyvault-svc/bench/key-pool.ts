// Benchmark: createTenant (entra-svc, RSA-2048 signing key) and createKey (keyvault-svc, RSA-2048) latency over
// the bus, both services as real processes, with the key-pair pool off (CMK_KEY_POOL_DEPTH=0) and at depth 2.
// Two call patterns, each call followed by 30 ms of the caller's other work:
//   back-to-back  createTenant, createKey, createTenant, ... with nothing else in between;
//   scenario      like the scenario runner's set-up: two tenants and two keys, then the scenario's own steps
//                 (pauseMs) before the next scenario's set-up.
// Usage: tsx --conditions=source bench/key-pool.ts [callsPerOperation] [pauseMs]
import { setTimeout as wait } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { client, entraContract, keyvaultContract } from '@cmk-testbed/shared';
import { startNatsServer, startPeers } from '@cmk-testbed/shared/testing';
import { connect } from 'nats';
import { tenantWorld } from '../src/testing/vault-world.js';

const callsPerOperation = Number(process.argv[2] ?? 30);
const pauseMs = Number(process.argv[3] ?? 600);
const otherWorkMs = 30;
const keyvaultMain = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const entraMain = fileURLToPath(new URL('../../entra-svc/src/main.ts', import.meta.url));

type Pattern = 'back-to-back' | 'scenario';
type Latencies = { createTenant: number[]; createKey: number[] };

async function timed(into: number[], call: () => Promise<unknown>) {
  const started = performance.now();
  await call();
  into.push(performance.now() - started);
  await wait(otherWorkMs);
}

/** Fresh nats-server and services at this pool depth; latencies of both patterns. */
async function measure(depth: number): Promise<Record<Pattern, Latencies>> {
  await using server = await startNatsServer();
  const pool = { CMK_KEY_POOL_DEPTH: String(depth) };
  const peers = await startPeers(server.url, [
    {
      mainTs: entraMain,
      serviceName: entraContract.serviceName,
      instance: 'entra-1',
      env: { ...pool, CMK_REGION: 'global' },
    },
    {
      mainTs: keyvaultMain,
      serviceName: keyvaultContract.serviceName,
      instance: 'keyvault-eastus-1',
      env: { ...pool, CMK_REGION: 'eastus' },
    },
  ]);
  const nc = await connect({ servers: server.url, noAsyncTraces: true });
  try {
    const caller = { service: 'bench', instance: 'bench', region: 'eastus' };
    const entra = client(nc, entraContract, { caller, timeoutMs: 30_000 });
    const kv = client(nc, keyvaultContract, { caller, region: 'eastus', timeoutMs: 30_000 });
    const world = await tenantWorld(entra, 'bench');
    const user = await world.principal('officer');
    await kv.createVault({ name: 'kv-bench', tenantId: world.tenant.tenantId, location: 'eastus' });
    await kv.assignRole({
      vault: 'kv-bench',
      principalId: user.principalId,
      role: 'Key Vault Crypto Officer',
    });
    const authorization = await user.bearer();
    let n = 0;
    const createTenant = () => entra.createTenant({ displayName: `bench-${n++}` });
    const createKey = () => kv.createKey({ vault: 'kv-bench', authorization, name: `k${n++}`, kty: 'RSA' });
    // Warm-up (JIT, connections), then the time a testbed has between start-up and its first scenario.
    await createTenant();
    await createKey();
    const settle = () => wait(2000);
    await settle();
    const backToBack: Latencies = { createTenant: [], createKey: [] };
    for (let i = 0; i < callsPerOperation; i++) {
      await timed(backToBack.createTenant, createTenant);
      await timed(backToBack.createKey, createKey);
    }
    await settle();
    const scenario: Latencies = { createTenant: [], createKey: [] };
    for (let i = 0; i < callsPerOperation; i += 2) {
      for (const _ of [1, 2]) await timed(scenario.createTenant, createTenant);
      for (const _ of [1, 2]) await timed(scenario.createKey, createKey);
      await wait(pauseMs);
    }
    return { 'back-to-back': backToBack, scenario };
  } finally {
    await nc.close();
    for (const peer of peers) await peer[Symbol.asyncDispose]();
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const off = await measure(0);
const on = await measure(2);
console.log(
  `node ${process.version}; entra-svc and keyvault-svc as separate processes; ${callsPerOperation} calls per operation, ${otherWorkMs} ms of other work after each; scenario pause ${pauseMs} ms`,
);
for (const pattern of ['back-to-back', 'scenario'] as const) {
  for (const op of ['createTenant', 'createKey'] as const) {
    const [a, b] = [off[pattern][op], on[pattern][op]];
    const [medA, medB, p90A, p90B] = [
      percentile(a, 50),
      percentile(b, 50),
      percentile(a, 90),
      percentile(b, 90),
    ];
    console.log(
      `${pattern.padEnd(12)} ${op.padEnd(12)} depth 0: median ${medA.toFixed(1)} ms, p90 ${p90A.toFixed(1)} ms | depth 2: median ${medB.toFixed(1)} ms, p90 ${p90B.toFixed(1)} ms | median ${(medA / medB).toFixed(1)}x, p90 ${(p90A / p90B).toFixed(1)}x faster`,
    );
  }
}
