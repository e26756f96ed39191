import { describe, expect, it } from 'vitest';
import { cmkSetup } from '../../testing/cmk-setup.js';
import { useFaultWorld } from '../../testing/use-fault-world.js';

describe('key faults, through real key vault and storage processes', () => {
  const w = useFaultWorld();

  const latest = async (s: Awaited<ReturnType<typeof cmkSetup>>) =>
    (
      await w.keyvault.listKeyVersions({ vault: s.vault, authorization: await s.admin(), name: 'cmk' })
    ).value.at(-1)!.attributes;

  it('key-disable revokes storage after its key cache TTL and clear brings it back', async () => {
    const s = await cmkSetup(w, 'kdis');
    const fault = await w.chaos.inject({ kind: 'key-disable', target: { vault: s.vault, key: 'cmk' } });
    expect(fault.effect).toMatch(
      new RegExp(`^disabled version [0-9a-f]{32} of key cmk in vault ${s.vault}$`),
    );
    expect((await latest(s)).enabled).toBe(false);
    await w.expireCaches();
    expect(await s.read()).toBe('KeyVaultEncryptionKeyNotFound/KeyDisabled');
    expect((await w.chaos.list({})).faults).toEqual([expect.objectContaining({ faultId: fault.faultId })]);

    await w.chaos.clear({ faultId: fault.faultId });
    expect((await latest(s)).enabled).toBe(true);
    expect(await s.read()).toBe('ok');
    expect((await w.chaos.list({})).faults).toEqual([]);
  });

  it('refuses a target it cannot act on, naming the field, and changes nothing', async () => {
    const s = await cmkSetup(w, 'kref');
    const refused = (target: object) =>
      w.chaos
        .call('inject', { kind: 'key-disable', target })
        .catch((e: { status: number; message: string }) => e);
    expect(await refused({ vault: s.vault })).toMatchObject({
      status: 400,
      message: 'key-disable: target.key is required',
    });
    expect(await refused({ vault: s.vault, key: 'nope' })).toMatchObject({
      status: 400,
      message: `key-disable: target.key: vault '${s.vault}' has no key 'nope'`,
    });
    expect(await refused({ vault: 'novault1', key: 'cmk' })).toMatchObject({
      status: 400,
      message: "key-disable: target.vault: there is no vault 'novault1'",
    });
    expect(await refused({ vault: s.vault, key: 'cmk', account: s.account })).toMatchObject({
      status: 400,
      message: /^key-disable: target\.account: not read by this kind/,
    });
    expect((await latest(s)).enabled).toBe(true);
    expect((await w.chaos.list({})).faults).toEqual([]);
  });

  it('key-delete soft-deletes the key (storage 403) and undo recovers it', async () => {
    const s = await cmkSetup(w, 'kdel');
    const fault = await w.chaos.inject({ kind: 'key-delete', target: { vault: s.vault, key: 'cmk' } });
    expect(fault.effect).toMatch(/soft-deleted key cmk .* purge protection is on/);
    await expect(
      w.keyvault.getDeletedKey({ vault: s.vault, authorization: await s.admin(), name: 'cmk' }),
    ).resolves.toMatchObject({ recoveryId: expect.stringContaining('/deletedkeys/cmk') });
    await w.expireCaches();
    expect(await s.read()).toBe('KeyVaultEncryptionKeyNotFound/KeyNotFound');

    await w.chaos.clear({ faultId: fault.faultId });
    expect((await latest(s)).enabled).toBe(true);
    expect(await s.read()).toBe('ok');
  });

  it('key-delete refuses a duration beyond the soft-delete retention: undo would find the key purged', async () => {
    const s = await cmkSetup(w, 'kret');
    await expect(
      w.chaos.inject({ kind: 'key-delete', target: { vault: s.vault, key: 'cmk' }, duration: 'P91D' }),
    ).rejects.toMatchObject({ status: 400, message: /^key-delete: duration: .* 90 days/ });
    expect((await latest(s)).enabled).toBe(true);
  });

  it('key-expire expires the key now: wrap is refused but storage keeps reading; undo removes the expiry', async () => {
    const s = await cmkSetup(w, 'kexp');
    const before = w.now();
    const fault = await w.chaos.inject({ kind: 'key-expire', target: { vault: s.vault, key: 'cmk' } });
    expect(fault.effect).toMatch(/it had no expiry/);
    const exp = (await latest(s)).exp!;
    expect(exp * 1000).toBeGreaterThanOrEqual(before - 1000);
    const wrap = async () =>
      w.keyvault.wrapKey({
        vault: s.vault,
        authorization: await s.admin(),
        name: 'cmk',
        alg: 'RSA-OAEP-256',
        value: new Uint8Array(32),
      });
    await expect(wrap()).rejects.toMatchObject({ status: 403, innerCode: 'KeyExpired' });
    await w.expireCaches();
    expect(await s.read()).toBe('ok');

    await w.chaos.clear({ faultId: fault.faultId });
    expect((await latest(s)).exp).toBeUndefined();
    await expect(wrap()).resolves.toBeDefined();
  });
});
