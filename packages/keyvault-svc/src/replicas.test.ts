import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { client, entraContract, keyvaultContract } from '@cmk-testbed/shared';
import {
  type NatsServerHandle,
  pingInstances,
  type SpawnedService,
  spawnService,
  startNatsServer,
} from '@cmk-testbed/shared/testing';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tenantWorld } from './testing/vault-world.js';

const keyvaultMain = fileURLToPath(new URL('./main.ts', import.meta.url));
const entraMain = fileURLToPath(new URL('../../entra-svc/src/main.ts', import.meta.url));

describe('two keyvault-svc replicas of one region, as real processes', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  const processes: SpawnedService[] = [];
  const replica = (n: number) =>
    spawnService(keyvaultMain, {
      NATS_URL: server.url,
      CMK_INSTANCE: `keyvault-eastus-${n}`,
      CMK_REGION: 'eastus',
      LOG_LEVEL: 'warn',
    });
  const ready = (instances: string[]) =>
    vi.waitFor(
      async () =>
        expect((await pingInstances(server.url, keyvaultContract.serviceName)).sort()).toEqual(instances),
      { timeout: 30_000, interval: 100 },
    );

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    processes.push(
      spawnService(entraMain, {
        NATS_URL: server.url,
        CMK_INSTANCE: 'entra-1',
        CMK_REGION: 'global',
        LOG_LEVEL: 'warn',
      }),
    );
    processes.push(replica(1), replica(2));
    await ready(['keyvault-eastus-1', 'keyvault-eastus-2']);
    await vi.waitFor(
      async () => expect(await pingInstances(server.url, entraContract.serviceName)).toContain('entra-1'),
      {
        timeout: 30_000,
        interval: 100,
      },
    );
  }, 60_000);

  afterAll(async () => {
    for (const p of processes) await p[Symbol.asyncDispose]();
    await nc?.close();
    await server?.stop();
  });

  it('serve the same vaults consistently, and lose no key when one is killed with SIGKILL', async () => {
    const caller = { service: 'test', instance: 'test', region: 'eastus' };
    const entra = client(nc, entraContract, { caller });
    const kv = client(nc, keyvaultContract, { caller, region: 'eastus', timeoutMs: 10_000 });
    const world = await tenantWorld(entra, 'contoso');
    const admin = await world.principal('admin');
    await kv.createVault({ name: 'kv-replicas', tenantId: world.tenant.tenantId, location: 'eastus' });
    await kv.assignRole({
      vault: 'kv-replicas',
      principalId: admin.principalId,
      role: 'Key Vault Administrator',
    });
    const authorization = await admin.bearer();
    const created = await kv.createKey({ vault: 'kv-replicas', authorization, name: 'cmk', kty: 'RSA' });
    const wrapped = await kv.wrapKey({
      vault: 'kv-replicas',
      authorization,
      name: 'cmk',
      alg: 'RSA-OAEP-256',
      value: randomBytes(32),
    });

    // Whichever replica answers, the disabled key is refused once the change has reached every replica's
    // mirror (milliseconds): no replica keeps a stale view.
    await kv.updateKey({ vault: 'kv-replicas', authorization, name: 'cmk', attributes: { enabled: false } });
    const answers = () =>
      Promise.all(
        Array.from({ length: 20 }, () =>
          kv
            .unwrapKey({
              vault: 'kv-replicas',
              authorization,
              name: 'cmk',
              alg: 'RSA-OAEP-256',
              value: wrapped.value,
            })
            .then(
              () => 'ok',
              (e: { innerCode: string }) => e.innerCode,
            ),
        ),
      ).then((all) => [...new Set(all)]);
    await expect.poll(answers, { timeout: 2000 }).toEqual(['KeyDisabled']);
    await kv.updateKey({ vault: 'kv-replicas', authorization, name: 'cmk', attributes: { enabled: true } });

    processes[1]!.child.kill('SIGKILL');
    await processes[1]!.exited;
    await ready(['keyvault-eastus-2']);
    await expect(
      kv.unwrapKey({
        vault: 'kv-replicas',
        authorization,
        name: 'cmk',
        alg: 'RSA-OAEP-256',
        value: wrapped.value,
      }),
    ).resolves.toMatchObject({
      kid: created.key.kid,
    });
    processes[2]!.child.kill('SIGKILL');
    await processes[2]!.exited;
    processes.push(replica(3));
    await ready(['keyvault-eastus-3']);
    expect((await kv.getKey({ vault: 'kv-replicas', authorization, name: 'cmk' })).key.kid).toBe(
      created.key.kid,
    );
    await expect(
      kv.unwrapKey({
        vault: 'kv-replicas',
        authorization,
        name: 'cmk',
        alg: 'RSA-OAEP-256',
        value: wrapped.value,
      }),
    ).resolves.toBeDefined();
  }, 90_000);
});
