import { randomBytes, randomUUID } from 'node:crypto';
import { client, entraContract, keyvaultContract } from '@cmk-testbed/shared';
import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyvaultProcesses } from '../testing/keyvault-processes.js';
import { tenantWorld } from '../testing/vault-world.js';

describe('the audit log survives a SIGKILL of keyvault-svc', () => {
  let w: KeyvaultProcesses;
  let nc: NatsConnection;

  beforeAll(async () => {
    w = await KeyvaultProcesses.start([1], { CMK_KEYVAULT_AUDIT_DURABLE: '1' });
    nc = w.nc;
  }, 60_000);

  afterAll(async () => {
    await w?.dispose();
  });

  it('keeps the entry of every call that was answered, refused calls included, killed right after the replies', async () => {
    const caller = { service: 'test', instance: 'test', region: 'eastus' };
    const kv = client(nc, keyvaultContract, { caller, region: 'eastus', timeoutMs: 20_000 });
    const world = await tenantWorld(client(nc, entraContract, { caller }), 'contoso');
    const user = await world.principal('storage');
    await kv.createVault({ name: 'kv-audit', tenantId: world.tenant.tenantId, location: 'eastus' });
    await kv.assignRole({
      vault: 'kv-audit',
      principalId: user.principalId,
      role: 'Key Vault Crypto Officer',
    });
    const authorization = await user.bearer();
    await kv.createKey({ vault: 'kv-audit', authorization, name: 'cmk', kty: 'RSA' });
    const { value } = await kv.wrapKey({
      vault: 'kv-audit',
      authorization,
      name: 'cmk',
      alg: 'RSA-OAEP-256',
      value: randomBytes(32),
    });

    const unwrap = (name: string) => {
      const requestId = randomUUID();
      return kv
        .unwrapKey({ vault: 'kv-audit', authorization, name, alg: 'RSA-OAEP-256', value }, { requestId })
        .then(
          () => ({ requestId, status: 200 }),
          (e: { status: number }) => ({ requestId, status: e.status }),
        );
    };
    const answered = await Promise.all([
      ...Array.from({ length: 60 }, () => unwrap('cmk')),
      ...Array.from({ length: 20 }, () => unwrap('missing')),
    ]);
    w.processes[1]!.child.kill('SIGKILL');
    await w.processes[1]!.exited;
    expect(answered.filter((a) => a.status === 404)).toHaveLength(20);

    w.replica(2);
    await w.ready(keyvaultContract.serviceName, ['keyvault-eastus-2']);
    const { entries } = await kv.getAuditLog({ vault: 'kv-audit', limit: 10_000 });
    const logged = new Map(entries.map((e) => [e.requestId, e]));
    expect(answered.filter((a) => !logged.has(a.requestId))).toEqual([]);
    for (const a of answered) {
      expect(logged.get(a.requestId)).toMatchObject({
        operation: 'unwrapKey',
        status: a.status,
        caller: { oid: user.principalId },
      });
    }
  }, 90_000);
});
