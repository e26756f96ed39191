import { randomBytes } from 'node:crypto';
import { client, entraContract, keyvaultContract } from '@cmk-testbed/shared';
import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyvaultProcesses } from './testing/keyvault-processes.js';
import { tenantWorld } from './testing/vault-world.js';

describe('two keyvault-svc replicas of one region, as real processes', () => {
  let w: KeyvaultProcesses;
  let nc: NatsConnection;

  beforeAll(async () => {
    w = await KeyvaultProcesses.start([1, 2]);
    nc = w.nc;
  }, 60_000);

  afterAll(async () => {
    await w?.dispose();
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

    w.processes[1]!.child.kill('SIGKILL');
    await w.processes[1]!.exited;
    await w.ready(keyvaultContract.serviceName, ['keyvault-eastus-2']);
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
    w.processes[2]!.child.kill('SIGKILL');
    await w.processes[2]!.exited;
    w.replica(3);
    await w.ready(keyvaultContract.serviceName, ['keyvault-eastus-3']);
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
