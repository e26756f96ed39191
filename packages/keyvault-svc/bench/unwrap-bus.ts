// Benchmark: unwrapKey per second over the bus (keyvault-svc and entra-svc as real processes, every check on
// the path: token, firewall, RBAC, key state), sequential and 64 in flight, beside raw crypto.privateDecrypt
// of the same wrapped key in this process. Target: over the bus >= 80% of raw with concurrency.
// Usage: tsx --conditions=source bench/unwrap-bus.ts [sequentialCount] [concurrentCount]
import {
  constants,
  createPrivateKey,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';
import { setTimeout as wait } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { client, entraContract, keyvaultContract } from '@cmk-testbed/shared';
import { pingInstances, spawnService, startNatsServer } from '@cmk-testbed/shared/testing';
import { connect } from 'nats';
import { tenantWorld } from '../src/testing/vault-world.js';

const sequentialCount = Number(process.argv[2] ?? 300);
const concurrentCount = Number(process.argv[3] ?? 2000);
const keyvaultMain = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const entraMain = fileURLToPath(new URL('../../entra-svc/src/main.ts', import.meta.url));

async function rate(count: number, concurrency: number, once: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) await once();
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

async function waitFor(url: string, service: string, instance: string) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await pingInstances(url, service)).includes(instance)) return;
    await wait(100);
  }
  throw new Error(`${instance} did not start`);
}

await using server = await startNatsServer();
await using entraProcess = spawnService(entraMain, {
  NATS_URL: server.url,
  CMK_INSTANCE: 'entra-1',
  CMK_REGION: 'global',
  LOG_LEVEL: 'warn',
});
await using keyvaultProcess = spawnService(keyvaultMain, {
  NATS_URL: server.url,
  CMK_INSTANCE: 'keyvault-eastus-1',
  CMK_REGION: 'eastus',
  LOG_LEVEL: 'warn',
});
await waitFor(server.url, 'cmk-entra', 'entra-1');
await waitFor(server.url, 'cmk-keyvault', 'keyvault-eastus-1');
void entraProcess;
void keyvaultProcess;
const nc = await connect({ servers: server.url, noAsyncTraces: true });
try {
  const caller = { service: 'bench', instance: 'bench', region: 'eastus' };
  const entra = client(nc, entraContract, { caller });
  const kv = client(nc, keyvaultContract, { caller, region: 'eastus', timeoutMs: 30_000 });
  const world = await tenantWorld(entra, 'bench');
  const user = await world.principal('storage');
  await kv.createVault({ name: 'kv-bench', tenantId: world.tenant.tenantId, location: 'eastus' });
  await kv.assignRole({ vault: 'kv-bench', principalId: user.principalId, role: 'Key Vault Crypto Officer' });
  const authorization = await user.bearer();
  console.log(`node ${process.version}; keyvault-svc and entra-svc as separate processes on this machine`);
  for (const size of [2048, 3072] as const) {
    await kv.createKey({ vault: 'kv-bench', authorization, name: `rsa${size}`, kty: 'RSA', key_size: size });
    const wrapped = await kv.wrapKey({
      vault: 'kv-bench',
      authorization,
      name: `rsa${size}`,
      alg: 'RSA-OAEP-256',
      value: randomBytes(32),
    });
    const overBus = () =>
      kv.unwrapKey({
        vault: 'kv-bench',
        authorization,
        name: `rsa${size}`,
        alg: 'RSA-OAEP-256',
        value: wrapped.value,
      });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: size });
    const key = createPrivateKey({
      key: privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer,
      format: 'der',
      type: 'pkcs8',
    });
    const ciphertext = publicEncrypt(
      { key: publicKey, oaepHash: 'sha256', padding: constants.RSA_PKCS1_OAEP_PADDING },
      randomBytes(32),
    );
    const raw = async () =>
      privateDecrypt({ key, oaepHash: 'sha256', padding: constants.RSA_PKCS1_OAEP_PADDING }, ciphertext);
    for (let i = 0; i < 50; i++) await overBus();
    const rawRate = await rate(concurrentCount, 1, raw);
    const busSeq = await rate(sequentialCount, 1, overBus);
    const busPar = await rate(concurrentCount, 64, overBus);
    console.log(
      `RSA-${size} unwrapKey: raw privateDecrypt ${rawRate.toFixed(0)}/s | over the bus sequential ${busSeq.toFixed(0)}/s (${((100 * busSeq) / rawRate).toFixed(0)}%), 64 in flight ${busPar.toFixed(0)}/s (${((100 * busPar) / rawRate).toFixed(0)}% of raw; target >= 80%)`,
    );
  }
} finally {
  await nc.close();
}
