import { decodeBody, eventSubject } from '@cmk-testbed/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyvaultUnderTest, startKeyvault } from '../testing/start-keyvault.js';
import { type Principal, tenantWorld } from '../testing/vault-world.js';

const day = 86_400_000;

describe('key rotation policy rules and its Notify action on the testbed clock', () => {
  let t: KeyvaultUnderTest;
  let admin: Principal;
  const nearExpiry: { key: string; version: string; kid: string; time: number }[] = [];

  beforeAll(async () => {
    t = await startKeyvault();
    const world = await tenantWorld(t.entra, 'contoso');
    admin = await world.principal('admin');
    t.runtime.nc.subscribe(eventSubject('keyvault', 'eastus', 'KeyNearExpiry'), {
      callback: (_err, msg) => nearExpiry.push(decodeBody(msg.data) as (typeof nearExpiry)[number]),
    });
    await t.runtime.nc.flush();
    await t
      .keyvault()
      .createVault({ name: 'kv-policy', tenantId: world.tenant.tenantId, location: 'eastus' });
    await t
      .keyvault()
      .assignRole({ vault: 'kv-policy', principalId: admin.principalId, role: 'Key Vault Administrator' });
  }, 60_000);

  afterAll(() => t?.dispose());

  it('refuses an expiryTime under 28 days, and takes exactly 28', async () => {
    const kv = t.keyvault();
    const authorization = await admin.bearer();
    await kv.createKey({ vault: 'kv-policy', authorization, name: 'short', kty: 'RSA' });
    const policy = (expiryTime: string) =>
      kv.updateKeyRotationPolicy({
        vault: 'kv-policy',
        authorization,
        name: 'short',
        lifetimeActions: [{ trigger: { timeBeforeExpiry: 'P7D' }, action: { type: 'Notify' } }],
        attributes: { expiryTime },
      });
    for (const tooShort of ['P27D', 'P3W', 'PT24H']) {
      await expect(policy(tooShort), tooShort).rejects.toMatchObject({
        status: 400,
        code: 'BadParameter',
        message: 'attributes.expiryTime: must be at least 28 days (P28D).',
      });
    }
    await expect(policy('P28D')).resolves.toMatchObject({ attributes: { expiryTime: 'P28D' } });
  });

  it("announces KeyNearExpiry when the policy's Notify time before expiry comes, not before", async () => {
    const kv = t.keyvault();
    const authorization = await admin.bearer();
    // Expiry in 100 days, Notify 80 days before it: day 20, long before the default 30-day notice (day 70).
    const exp = Math.floor(t.runtime.clock.now() / 1000) + 100 * 86_400;
    const created = await kv.createKey({
      vault: 'kv-policy',
      authorization,
      name: 'notified',
      kty: 'RSA',
      attributes: { exp },
    });
    await kv.updateKeyRotationPolicy({
      vault: 'kv-policy',
      authorization,
      name: 'notified',
      lifetimeActions: [{ trigger: { timeBeforeExpiry: 'P80D' }, action: { type: 'Notify' } }],
      attributes: { expiryTime: 'P100D' },
    });
    // A marker key whose default notice (30 days before its exp) falls on day 19.5: once it has arrived, a
    // policy notice that was wrongly due by then would have arrived too.
    await kv.createKey({
      vault: 'kv-policy',
      authorization,
      name: 'marker',
      kty: 'RSA',
      attributes: { exp: Math.floor(t.runtime.clock.now() / 1000) + Math.round(49.5 * 86_400) },
    });
    const notices = () => nearExpiry.filter((e) => e.key === 'notified');
    await t.advance(19.5 * day + 60_000);
    await expect.poll(() => nearExpiry.filter((e) => e.key === 'marker')).toHaveLength(1);
    expect(notices()).toEqual([]);
    await t.advance(day);
    await expect.poll(notices).toHaveLength(1);
    const notice = notices()[0]!;
    expect(notice).toMatchObject({
      event: 'KeyNearExpiry',
      vault: 'kv-policy',
      kid: created.key.kid,
      version: created.key.kid.split('/').at(-1),
    });
    expect(notice.time).toBeGreaterThanOrEqual((exp - 80 * 86_400) * 1000);
    expect(notice.time).toBeLessThan((exp - 79 * 86_400) * 1000);
  });
});
