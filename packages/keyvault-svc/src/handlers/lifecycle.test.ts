import { randomBytes } from 'node:crypto';
import { decodeBody, eventSubject } from '@cmk-testbed/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyvaultStore } from '../state/keyvault-store.js';
import { type KeyvaultUnderTest, startKeyvault } from '../testing/start-keyvault.js';
import { type Principal, tenantWorld } from '../testing/vault-world.js';

const day = 86_400_000;

describe('soft delete, recovery, purge, rotation and events on the testbed clock', () => {
  let t: KeyvaultUnderTest;
  let admin: Principal;
  let tenantId: string;
  const events: { event: string; vault: string; key?: string }[] = [];

  beforeAll(async () => {
    t = await startKeyvault();
    const world = await tenantWorld(t.entra, 'contoso');
    tenantId = world.tenant.tenantId;
    admin = await world.principal('admin');
    t.runtime.nc.subscribe(eventSubject('keyvault', 'eastus', '*'), {
      callback: (_err, msg) => events.push(decodeBody(msg.data) as (typeof events)[number]),
    });
    for (const [name, enablePurgeProtection] of [
      ['kv-soft', false],
      ['kv-protected', true],
    ] as const) {
      await t.keyvault().createVault({
        name,
        tenantId,
        location: 'eastus',
        enablePurgeProtection,
        softDeleteRetentionInDays: 7,
      });
      await t
        .keyvault()
        .assignRole({ vault: name, principalId: admin.principalId, role: 'Key Vault Administrator' });
    }
  }, 60_000);

  afterAll(() => t?.dispose());

  it('soft-deletes a key: only recover and purge remain, and the name cannot be reused (409)', async () => {
    const kv = t.keyvault();
    const authorization = await admin.bearer();
    await kv.createKey({ vault: 'kv-soft', authorization, name: 'k', kty: 'RSA' });
    const deleted = await kv.deleteKey({ vault: 'kv-soft', authorization, name: 'k' });
    expect(deleted.recoveryId).toBe('https://kv-soft.vault.azure.net/deletedkeys/k');
    expect(deleted.scheduledPurgeDate - deleted.deletedDate).toBe(7 * 86_400);
    await expect(kv.getKey({ vault: 'kv-soft', authorization, name: 'k' })).rejects.toMatchObject({
      status: 404,
      code: 'KeyNotFound',
    });
    await expect(
      kv.createKey({ vault: 'kv-soft', authorization, name: 'k', kty: 'RSA' }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'Conflict',
      innerCode: 'ObjectIsDeletedButRecoverable',
      message:
        'Key k is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the key can only be recovered or purged.',
    });
    expect(
      (await kv.listDeletedKeys({ vault: 'kv-soft', authorization })).value.map((k) => k.recoveryId),
    ).toContain(deleted.recoveryId);
    const recovered = await kv.recoverDeletedKey({ vault: 'kv-soft', authorization, name: 'k' });
    expect(recovered.key.kid).toBe(deleted.key.kid);
    await kv.deleteKey({ vault: 'kv-soft', authorization, name: 'k' });
    await kv.purgeDeletedKey({ vault: 'kv-soft', authorization, name: 'k' });
    await expect(kv.getDeletedKey({ vault: 'kv-soft', authorization, name: 'k' })).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      kv.createKey({ vault: 'kv-soft', authorization, name: 'k', kty: 'RSA' }),
    ).resolves.toBeDefined();
    expect(events.map((e) => e.event)).toEqual(
      expect.arrayContaining(['KeyDeleted', 'KeyRecovered', 'KeyPurged']),
    );
  });

  it('refuses purge under purge protection until the scheduled date, when the key goes by itself', async () => {
    const kv = t.keyvault();
    const authorization = await admin.bearer();
    await kv.createKey({ vault: 'kv-protected', authorization, name: 'p', kty: 'RSA' });
    await kv.deleteKey({ vault: 'kv-protected', authorization, name: 'p' });
    await expect(
      kv.purgeDeletedKey({ vault: 'kv-protected', authorization, name: 'p' }),
    ).rejects.toMatchObject({
      status: 403,
      message: /purge protection is enabled for this vault/,
    });
    await t.advance(7 * day + 60_000);
    // A week later the old token has expired too: ask for a fresh one.
    const later = await admin.bearer();
    await expect
      .poll(() =>
        kv.getDeletedKey({ vault: 'kv-protected', authorization: later, name: 'p' }).then(
          () => 'present',
          (e: { status: number }) => e.status,
        ),
      )
      .toBe(404);
  });

  it('keeps purge protection on once enabled, and fixes the retention at creation', async () => {
    await expect(
      t.keyvault().updateVault({ name: 'kv-protected', enablePurgeProtection: false }),
    ).rejects.toMatchObject({
      status: 400,
      message: /cannot be disabled/,
    });
    await expect(
      t.keyvault().call('updateVault', { name: 'kv-protected', softDeleteRetentionInDays: 30 }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      t
        .keyvault()
        .createVault({ name: 'kv-bad', tenantId, location: 'eastus', softDeleteRetentionInDays: 5 }),
    ).rejects.toMatchObject({
      message: /softDeleteRetentionInDays: must be 7 to 90/,
    });
  });

  it('recovers a deleted vault without its role assignments, as Azure does', async () => {
    const kv = t.keyvault();
    await kv.createVault({ name: 'kv-gone', tenantId, location: 'eastus' });
    await kv.assignRole({
      vault: 'kv-gone',
      principalId: admin.principalId,
      role: 'Key Vault Administrator',
    });
    await kv.createKey({ vault: 'kv-gone', authorization: await admin.bearer(), name: 'k', kty: 'RSA' });
    await kv.deleteVault({ name: 'kv-gone' });
    await expect(kv.getVault({ name: 'kv-gone' })).rejects.toMatchObject({ status: 404 });
    await expect(kv.createVault({ name: 'kv-gone', tenantId, location: 'eastus' })).rejects.toMatchObject({
      status: 409,
    });
    expect((await kv.getDeletedVault({ name: 'kv-gone' })).properties.purgeProtectionEnabled).toBe(false);
    await kv.recoverDeletedVault({ name: 'kv-gone' });
    expect((await kv.listRoleAssignments({ vault: 'kv-gone' })).roleAssignments).toEqual([]);
    await expect(
      kv.getKey({ vault: 'kv-gone', authorization: await admin.bearer(), name: 'k' }),
    ).rejects.toMatchObject({ innerCode: 'ForbiddenByRbac' });
    await kv.assignRole({
      vault: 'kv-gone',
      principalId: admin.principalId,
      role: 'Key Vault Administrator',
    });
    await expect(
      kv.getKey({ vault: 'kv-gone', authorization: await admin.bearer(), name: 'k' }),
    ).resolves.toBeDefined();
  });

  it('rotates a key by its policy when the testbed clock passes timeAfterCreate, and tells subscribers', async () => {
    const kv = t.keyvault();
    const authorization = await admin.bearer();
    const first = await kv.createKey({ vault: 'kv-soft', authorization, name: 'rotating', kty: 'RSA' });
    await expect(
      kv.updateKeyRotationPolicy({
        vault: 'kv-soft',
        authorization,
        name: 'rotating',
        lifetimeActions: [{ trigger: { timeAfterCreate: 'P1D' }, action: { type: 'Rotate' } }],
      }),
    ).rejects.toMatchObject({ status: 400, message: /at most every 7 days/ });
    const policy = await kv.updateKeyRotationPolicy({
      vault: 'kv-soft',
      authorization,
      name: 'rotating',
      lifetimeActions: [{ trigger: { timeAfterCreate: 'P30D' }, action: { type: 'Rotate' } }],
      attributes: { expiryTime: 'P90D' },
    });
    expect(policy.id).toBe('https://kv-soft.vault.azure.net/keys/rotating/rotationpolicy');
    await t.advance(31 * day);
    const versions = async () =>
      (await kv.listKeyVersions({ vault: 'kv-soft', authorization: await admin.bearer(), name: 'rotating' }))
        .value;
    await expect.poll(async () => (await versions()).length).toBe(2);
    const latest = await kv.getKey({
      vault: 'kv-soft',
      authorization: await admin.bearer(),
      name: 'rotating',
    });
    expect(latest.key.kid).not.toBe(first.key.kid);
    expect(latest.attributes.exp! - latest.attributes.created).toBeGreaterThanOrEqual(90 * 86_400 - 5);
    expect(events.some((e) => e.event === 'KeyNewVersionCreated' && e.key === 'rotating')).toBe(true);
  });

  it('announces KeyNearExpiry 30 days before exp and KeyExpired at exp, on the testbed clock', async () => {
    const kv = t.keyvault();
    const exp = Math.floor(t.runtime.clock.now() / 1000) + 40 * 86_400;
    await kv.createKey({
      vault: 'kv-soft',
      authorization: await admin.bearer(),
      name: 'mortal',
      kty: 'RSA',
      attributes: { exp },
    });
    const seen = () => events.filter((e) => e.key === 'mortal').map((e) => e.event);
    expect(seen()).not.toContain('KeyNearExpiry');
    await t.advance(11 * day);
    await expect.poll(seen).toContain('KeyNearExpiry');
    expect(seen()).not.toContain('KeyExpired');
    await t.advance(30 * day);
    await expect.poll(seen).toContain('KeyExpired');
  });

  it('keeps an audit log of data-plane calls, refused ones included', async () => {
    const kv = t.keyvault();
    await kv.wrapKey({
      vault: 'kv-soft',
      authorization: await admin.bearer(),
      name: 'rotating',
      alg: 'RSA-OAEP',
      value: randomBytes(32),
    });
    await kv
      .wrapKey({ vault: 'kv-soft', name: 'rotating', alg: 'RSA-OAEP', value: randomBytes(32) })
      .catch(() => {});
    await expect
      .poll(async () =>
        (await kv.getAuditLog({ vault: 'kv-soft' })).entries
          .filter((e) => e.operation === 'wrapKey')
          .map((e) => e.status),
      )
      .toEqual([200, 401]);
    const entry = (await kv.getAuditLog({ vault: 'kv-soft' })).entries.find(
      (e) => e.operation === 'wrapKey',
    )!;
    expect(entry.caller.oid).toBe(admin.principalId);
    expect(entry.keyId).toMatch(/^https:\/\/kv-soft\.vault\.azure\.net\/keys\/rotating\/[0-9a-f]{32}$/);
  });

  /**
   * Deletes `sentinel` in kv-soft (7 days' retention) after the setup of a test, moves the clock past its purge
   * date and waits until it is purged: purge timers fire in due order, so by then every older timer has acted.
   */
  async function advancePastPurgeOf(sentinel: string): Promise<string> {
    const kv = t.keyvault();
    const authorization = await admin.bearer();
    await kv.createKey({ vault: 'kv-soft', authorization, name: sentinel, kty: 'RSA' });
    await kv.deleteKey({ vault: 'kv-soft', authorization, name: sentinel });
    await t.advance(7 * day + 60_000);
    const later = await admin.bearer();
    await expect
      .poll(() =>
        kv.getDeletedKey({ vault: 'kv-soft', authorization: later, name: sentinel }).then(
          () => 'present',
          (e: { status: number }) => e.status,
        ),
      )
      .toBe(404);
    return later;
  }

  it('keeps a recovered key past the purge date of its deletion, usable', async () => {
    const kv = t.keyvault();
    const authorization = await admin.bearer();
    const created = await kv.createKey({ vault: 'kv-soft', authorization, name: 'phoenix', kty: 'RSA' });
    await kv.deleteKey({ vault: 'kv-soft', authorization, name: 'phoenix' });
    await kv.recoverDeletedKey({ vault: 'kv-soft', authorization, name: 'phoenix' });
    const later = await advancePastPurgeOf('phoenix-sentinel');
    expect((await kv.getKey({ vault: 'kv-soft', authorization: later, name: 'phoenix' })).key.kid).toBe(
      created.key.kid,
    );
    await expect(
      kv.wrapKey({
        vault: 'kv-soft',
        authorization: later,
        name: 'phoenix',
        alg: 'RSA-OAEP-256',
        value: randomBytes(32),
      }),
    ).resolves.toMatchObject({ kid: created.key.kid });
    expect(events.filter((e) => e.event === 'KeyPurged' && e.key === 'phoenix')).toEqual([]);
  });

  it('keeps a key created again after a manual purge when the purged key’s date passes', async () => {
    const kv = t.keyvault();
    const authorization = await admin.bearer();
    await kv.createKey({ vault: 'kv-soft', authorization, name: 'reborn', kty: 'RSA' });
    await kv.deleteKey({ vault: 'kv-soft', authorization, name: 'reborn' });
    await kv.purgeDeletedKey({ vault: 'kv-soft', authorization, name: 'reborn' });
    const again = await kv.createKey({ vault: 'kv-soft', authorization, name: 'reborn', kty: 'RSA' });
    const later = await advancePastPurgeOf('reborn-sentinel');
    expect((await kv.getKey({ vault: 'kv-soft', authorization: later, name: 'reborn' })).key.kid).toBe(
      again.key.kid,
    );
    expect(
      (await kv.listKeyVersions({ vault: 'kv-soft', authorization: later, name: 'reborn' })).value,
    ).toHaveLength(1);
  });

  it('keeps a recovered vault and its keys past the purge date of its deletion', async () => {
    const kv = t.keyvault();
    await kv.createVault({ name: 'kv-phoenix', tenantId, location: 'eastus', softDeleteRetentionInDays: 7 });
    await kv.assignRole({
      vault: 'kv-phoenix',
      principalId: admin.principalId,
      role: 'Key Vault Administrator',
    });
    const created = await kv.createKey({
      vault: 'kv-phoenix',
      authorization: await admin.bearer(),
      name: 'k',
      kty: 'RSA',
    });
    await kv.deleteVault({ name: 'kv-phoenix' });
    await kv.recoverDeletedVault({ name: 'kv-phoenix' });
    await kv.assignRole({
      vault: 'kv-phoenix',
      principalId: admin.principalId,
      role: 'Key Vault Administrator',
    });
    const later = await advancePastPurgeOf('vault-sentinel');
    expect((await kv.getVault({ name: 'kv-phoenix' })).name).toBe('kv-phoenix');
    expect((await kv.getKey({ vault: 'kv-phoenix', authorization: later, name: 'k' })).key.kid).toBe(
      created.key.kid,
    );
    expect(events.filter((e) => e.event === 'VaultPurged' && e.vault === 'kv-phoenix')).toEqual([]);
  });

  it('refuses to recover a vault whose purge has begun, and a purge cut short is finished by the timer', async () => {
    const kv = t.keyvault();
    await kv.createVault({ name: 'kv-halfway', tenantId, location: 'eastus', softDeleteRetentionInDays: 7 });
    await kv.assignRole({
      vault: 'kv-halfway',
      principalId: admin.principalId,
      role: 'Key Vault Administrator',
    });
    const authorization = await admin.bearer();
    for (const name of ['a', 'b'])
      await kv.createKey({ vault: 'kv-halfway', authorization, name, kty: 'RSA' });
    await kv.deleteVault({ name: 'kv-halfway' });
    // What a purge leaves when its process dies after deleting one key: the vault marked, a key gone.
    const store = await KeyvaultStore.open(t.runtime.nc);
    await store.vaults.mutate('kv-halfway', (v) => ({ ...v!, deleted: { ...v!.deleted!, purging: true } }));
    await store.keys('kv-halfway').delete('a');

    await expect(kv.recoverDeletedVault({ name: 'kv-halfway' })).rejects.toMatchObject({
      status: 409,
      code: 'ConflictError',
      message: "Vault 'kv-halfway' is being purged and cannot be recovered.",
    });
    await t.advance(7 * day + 60_000);
    await expect
      .poll(() =>
        kv.getDeletedVault({ name: 'kv-halfway' }).then(
          () => 'still deleted',
          (e: { status: number; code: string }) => `${e.status} ${e.code}`,
        ),
      )
      .toBe('404 ResourceNotFound');
    expect(await store.keys('kv-halfway').list()).toEqual([]);
    expect(events.filter((e) => e.event === 'VaultPurged' && e.vault === 'kv-halfway')).toHaveLength(1);
  });

  it('refuses to purge a deleted vault under purge protection before its date, then purges it itself', async () => {
    const kv = t.keyvault();
    await kv.createVault({
      name: 'kv-locked',
      tenantId,
      location: 'eastus',
      enablePurgeProtection: true,
      softDeleteRetentionInDays: 7,
    });
    await kv.deleteVault({ name: 'kv-locked' });
    await expect(kv.purgeDeletedVault({ name: 'kv-locked' })).rejects.toMatchObject({
      status: 409,
      code: 'ConflictError',
      message: /has purge protection enabled/,
    });
    expect((await kv.getDeletedVault({ name: 'kv-locked' })).properties.purgeProtectionEnabled).toBe(true);
    await t.advance(7 * day + 60_000);
    await expect
      .poll(() =>
        kv.getDeletedVault({ name: 'kv-locked' }).then(
          () => 'still deleted',
          (e: { status: number; code: string }) => `${e.status} ${e.code}`,
        ),
      )
      .toBe('404 ResourceNotFound');
    expect(events.filter((e) => e.event === 'VaultPurged' && e.vault === 'kv-locked')).toHaveLength(1);
    // Gone for good: the name is free again.
    await expect(kv.createVault({ name: 'kv-locked', tenantId, location: 'eastus' })).resolves.toBeDefined();
  });
});
