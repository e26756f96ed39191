import {
  ClockStore,
  type ContractClient,
  client,
  decodeBody,
  entraContract,
  eventSubject,
  keyvaultContract,
  TestbedClock,
} from '@cmk-testbed/shared';
import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { KeyvaultProcesses } from './testing/keyvault-processes.js';
import { type Principal, tenantWorld } from './testing/vault-world.js';

const day = 86_400_000;
const replicas = ['keyvault-eastus-1', 'keyvault-eastus-2'];

interface KeyEvent {
  event: string;
  vault: string;
  key?: string;
  version?: string;
}

describe('two live replicas arm the same timers, and exactly one of them acts', () => {
  let w: KeyvaultProcesses;
  let nc: NatsConnection;
  let clock: TestbedClock | undefined;
  let clockStore: ClockStore;
  let kv: ContractClient<typeof keyvaultContract>;
  let admin: Principal;
  const events: KeyEvent[] = [];

  /**
   * Moves the testbed clock and returns once both replicas have applied the move: every call carries the
   * revision the caller knows and a replica answers only once its clock has reached it, so a health answer
   * from each replica means each has seen the jump and fired the timers it made due.
   */
  const advanceOnBothReplicas = async (ms: number) => {
    const { revision } = await clockStore.advance(ms);
    clock!.observeRevision(revision);
    const caughtUp = new Set<string>();
    await vi.waitFor(
      async () => {
        const health = (await kv.health({})) as { instance: string; clockRevision: number };
        if (health.clockRevision >= revision) caughtUp.add(health.instance);
        expect([...caughtUp].sort()).toEqual(replicas);
      },
      { timeout: 20_000, interval: 20 },
    );
  };

  beforeAll(async () => {
    w = await KeyvaultProcesses.start([1, 2]);
    nc = w.nc;
    clock = await TestbedClock.start(nc);
    clockStore = await ClockStore.open(nc);
    const caller = { service: 'test', instance: 'test', region: 'eastus' };
    const entra = client(nc, entraContract, { caller, clock });
    kv = client(nc, keyvaultContract, { caller, region: 'eastus', timeoutMs: 10_000, clock });
    for (const name of ['KeyNewVersionCreated', 'KeyNearExpiry'] as const) {
      nc.subscribe(eventSubject('keyvault', 'eastus', name), {
        callback: (_err, msg) => events.push(decodeBody(msg.data) as KeyEvent),
      });
    }
    await nc.flush();
    const world = await tenantWorld(entra, 'contoso');
    admin = await world.principal('admin');
    await kv.createVault({ name: 'kv-once', tenantId: world.tenant.tenantId, location: 'eastus' });
    await kv.assignRole({
      vault: 'kv-once',
      principalId: admin.principalId,
      role: 'Key Vault Administrator',
    });
  }, 60_000);

  afterAll(async () => {
    clock?.stop();
    await w?.dispose();
  });

  it('rotates a key whose rotation policy is due once: one new version, one KeyNewVersionCreated', async () => {
    const authorization = await admin.bearer();
    const created = await kv.createKey({ vault: 'kv-once', authorization, name: 'rotating', kty: 'RSA' });
    const first = created.key.kid.split('/').at(-1);
    await kv.updateKeyRotationPolicy({
      vault: 'kv-once',
      authorization,
      name: 'rotating',
      lifetimeActions: [{ trigger: { timeAfterCreate: 'P30D' }, action: { type: 'Rotate' } }],
    });
    const newVersions = () =>
      events.filter((e) => e.event === 'KeyNewVersionCreated' && e.key === 'rotating' && e.version !== first);
    const versions = async () =>
      (await kv.listKeyVersions({ vault: 'kv-once', authorization: await admin.bearer(), name: 'rotating' }))
        .value.length;
    expect(newVersions()).toEqual([]);

    await advanceOnBothReplicas(31 * day);
    await expect.poll(versions, { timeout: 10_000 }).toBe(2);
    await expect.poll(() => newVersions().length).toBe(1);
    // A second, small step that both replicas apply too: the losing replica's attempt has had its turn.
    await advanceOnBothReplicas(1000);
    expect(await versions()).toBe(2);
    expect(newVersions()).toHaveLength(1);
  }, 60_000);

  it('announces KeyNearExpiry once, for the default notice and for a Notify policy', async () => {
    const authorization = await admin.bearer();
    const nowSec = Math.floor(clock!.now() / 1000);
    // Default notice 30 days before exp: day 10. Notify 50 days before exp: day 10 as well.
    for (const [name, days] of [
      ['expiring', 40],
      ['notified', 60],
    ] as const) {
      await kv.createKey({
        vault: 'kv-once',
        authorization,
        name,
        kty: 'RSA',
        attributes: { exp: nowSec + days * 86_400 },
      });
    }
    await kv.updateKeyRotationPolicy({
      vault: 'kv-once',
      authorization,
      name: 'notified',
      lifetimeActions: [{ trigger: { timeBeforeExpiry: 'P50D' }, action: { type: 'Notify' } }],
      attributes: { expiryTime: 'P60D' },
    });
    const notices = (key: string) => events.filter((e) => e.event === 'KeyNearExpiry' && e.key === key);
    expect(notices('expiring')).toEqual([]);
    expect(notices('notified')).toEqual([]);

    await advanceOnBothReplicas(11 * day);
    await expect.poll(() => notices('expiring').length).toBe(1);
    await expect.poll(() => notices('notified').length).toBe(1);
    await advanceOnBothReplicas(1000);
    expect(notices('expiring')).toHaveLength(1);
    expect(notices('notified')).toHaveLength(1);
  }, 60_000);
});
