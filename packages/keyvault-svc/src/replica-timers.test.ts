import {
  ClockStore,
  client,
  entraContract,
  FaultRuleTable,
  keyvaultContract,
  TestbedClock,
} from '@cmk-testbed/shared';
import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyvaultProcesses } from './testing/keyvault-processes.js';
import { tenantWorld } from './testing/vault-world.js';

const day = 86_400_000;
const refusal = 'ReplicaTwoRefuses';

describe('timers of a replica that dies are fired by another replica', () => {
  let w: KeyvaultProcesses;
  let nc: NatsConnection;
  let clock: TestbedClock | undefined;

  beforeAll(async () => {
    w = await KeyvaultProcesses.start([1, 2]);
    nc = w.nc;
    clock = await TestbedClock.start(nc);
  }, 60_000);

  afterAll(async () => {
    clock?.stop();
    await w?.dispose();
  });

  it('purges a deleted key and a deleted vault and rotates a key that replica 1 scheduled, after it is SIGKILLed', async () => {
    const caller = { service: 'test', instance: 'test', region: 'eastus' };
    const entra = client(nc, entraContract, { caller, clock });
    const kv = client(nc, keyvaultContract, { caller, region: 'eastus', timeoutMs: 10_000, clock });
    const world = await tenantWorld(entra, 'contoso');
    const admin = await world.principal('admin');

    // Replica 2 refuses everything, so every request that succeeds was handled (and scheduled) by replica 1.
    const faults = await FaultRuleTable.open(nc);
    await faults.put({
      id: 'replica-2-refuses',
      kind: 'error',
      match: { service: 'keyvault', instance: 'keyvault-eastus-2' },
      error: { status: 503, code: refusal },
    });
    const codes = () =>
      Promise.all(
        Array.from({ length: 16 }, () =>
          kv.getVault({ name: 'kv-none' }).catch((e: { code: string }) => e.code),
        ),
      );
    await expect.poll(codes).toContain(refusal);
    const onReplicaOne = async <T>(call: () => Promise<T>): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await call();
        } catch (error) {
          if ((error as { code?: string }).code !== refusal || attempt >= 100) throw error;
        }
      }
    };

    for (const name of ['kv-timers', 'kv-doomed']) {
      await onReplicaOne(() =>
        kv.createVault({
          name,
          tenantId: world.tenant.tenantId,
          location: 'eastus',
          softDeleteRetentionInDays: 7,
        }),
      );
    }
    await onReplicaOne(() =>
      kv.assignRole({ vault: 'kv-timers', principalId: admin.principalId, role: 'Key Vault Administrator' }),
    );
    const authorization = await admin.bearer();
    for (const name of ['doomed', 'rotating']) {
      await onReplicaOne(() => kv.createKey({ vault: 'kv-timers', authorization, name, kty: 'RSA' }));
    }
    await onReplicaOne(() => kv.deleteKey({ vault: 'kv-timers', authorization, name: 'doomed' }));
    await onReplicaOne(() =>
      kv.updateKeyRotationPolicy({
        vault: 'kv-timers',
        authorization,
        name: 'rotating',
        lifetimeActions: [{ trigger: { timeAfterCreate: 'P30D' }, action: { type: 'Rotate' } }],
      }),
    );
    await onReplicaOne(() => kv.deleteVault({ name: 'kv-doomed' }));

    w.processes[1]!.child.kill('SIGKILL');
    await w.processes[1]!.exited;
    await w.ready(keyvaultContract.serviceName, ['keyvault-eastus-2']);
    await faults.delete('replica-2-refuses');
    await expect.poll(codes).not.toContain(refusal);

    const { revision } = await (await ClockStore.open(nc)).advance(31 * day);
    clock!.observeRevision(revision);
    const later = await admin.bearer();
    const status = (call: Promise<unknown>) =>
      call.then(
        () => 'present',
        (e: { status: number }) => e.status,
      );
    await expect
      .poll(() => status(kv.getDeletedKey({ vault: 'kv-timers', authorization: later, name: 'doomed' })))
      .toBe(404);
    await expect.poll(() => status(kv.getDeletedVault({ name: 'kv-doomed' }))).toBe(404);
    await expect
      .poll(
        async () =>
          (await kv.listKeyVersions({ vault: 'kv-timers', authorization: later, name: 'rotating' })).value
            .length,
      )
      .toBe(2);
  }, 90_000);
});
