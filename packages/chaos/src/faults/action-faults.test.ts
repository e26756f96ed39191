import { FaultRuleTable } from '@cmk-testbed/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { type CmkSetup, cmkSetup } from '../testing/cmk-setup.js';
import { useFaultWorld } from '../testing/use-fault-world.js';

const minute = 60_000;

describe('the life of a semantic fault: expiry, reset, and a controller that crashes', () => {
  const w = useFaultWorld();

  afterEach(async () => {
    expect(await w.chaos.reset({})).toMatchObject({ failed: [] });
  });

  const keyState = async (s: CmkSetup) => {
    const authorization = await s.admin();
    const live = await w.keyvault
      .listKeyVersions({ vault: s.vault, authorization, name: 'cmk' })
      .catch(() => undefined);
    if (!live) return 'deleted';
    return live.value.at(-1)!.attributes.enabled ? 'enabled' : 'disabled';
  };
  const disable = (s: CmkSetup, extra: object = {}) =>
    w.chaos.inject({ kind: 'key-disable', target: { vault: s.vault, key: 'cmk' }, ...extra });

  it('undoes a fault when the testbed clock passes its duration, and not before', async () => {
    const s = await cmkSetup(w, 'expiry');
    const fault = await disable(s, { duration: 'PT1H' });
    expect(fault.expiresAt).toMatchObject({ clock: 'testbed' });
    await w.advance(59 * minute);
    expect(await keyState(s)).toBe('disabled');
    expect((await w.chaos.list({})).faults.map((f) => f.faultId)).toEqual([fault.faultId]);
    await w.advance(2 * minute);
    await expect.poll(() => keyState(s), { timeout: 10_000 }).toBe('enabled');
    await expect.poll(async () => (await w.chaos.list({})).faults, { timeout: 10_000 }).toEqual([]);
  });

  it('undoes a fault whose duration runs in real time when that time has passed', async () => {
    const s = await cmkSetup(w, 'realtime');
    // Long enough that a loaded CI machine still reads the key while the fault holds, short enough to wait for.
    await disable(s, { duration: 'PT3S', durationClock: 'real' });
    expect(await keyState(s)).toBe('disabled');
    await expect.poll(() => keyState(s), { timeout: 15_000 }).toBe('enabled');
  });

  it('reset undoes stacked faults newest first, so each undo finds the world it expects', async () => {
    const s = await cmkSetup(w, 'stacked');
    await disable(s);
    await w.chaos.inject({ kind: 'key-delete', target: { vault: s.vault, key: 'cmk' } });
    expect(await keyState(s)).toBe('deleted');
    // Oldest first, enabling the key would fail: it is deleted until the key-delete is undone.
    expect(await w.chaos.reset({})).toEqual({ cleared: 2, failed: [] });
    expect(await keyState(s)).toBe('enabled');
    expect(await s.read()).toBe('ok');
  });

  it('reset reports an undo that fails and keeps that fault in force, to be cleared once possible', async () => {
    const s = await cmkSetup(w, 'stuck');
    const fault = await disable(s);
    await w.keyvault.deleteVault({ name: s.vault });
    const reply = await w.chaos.reset({});
    expect(reply).toEqual({
      cleared: 0,
      failed: [
        { faultId: fault.faultId, kind: 'key-disable', message: expect.stringMatching(/undo failed/) },
      ],
    });
    const [listed] = (await w.chaos.list({})).faults;
    expect(listed).toMatchObject({
      faultId: fault.faultId,
      undoError: expect.stringMatching(/VaultNotFound/),
    });
    await expect(w.chaos.clear({ faultId: fault.faultId })).rejects.toMatchObject({
      status: 409,
      code: 'FaultUndoFailed',
    });

    // A recovered vault has lost its role assignments (as in Azure): the operator grants itself again.
    await w.keyvault.recoverDeletedVault({ name: s.vault });
    await w.keyvault.assignRole({
      vault: s.vault,
      principalId: (await w.entra.getUserAssignedIdentity({ id: s.uami!.id })).principalId,
      role: 'Key Vault Crypto Service Encryption User',
    });
    await w.chaos.clear({ faultId: fault.faultId });
    expect((await w.chaos.list({})).faults).toEqual([]);
    expect(await s.read()).toBe('ok');
  });

  it('a restarted controller still clears what it injected and re-arms the durations', async () => {
    const plain = await cmkSetup(w, 'restart');
    const timed = await cmkSetup(w, 'rearm');
    const fault = await disable(plain);
    await disable(timed, { duration: 'PT1H' });
    await w.supervisor.kill('chaos-1');
    await w.supervisor.restart('chaos-1');

    expect((await w.chaos.list({})).faults).toHaveLength(2);
    await w.chaos.clear({ faultId: fault.faultId });
    expect(await keyState(plain)).toBe('enabled');
    await w.advance(61 * minute);
    await expect.poll(() => keyState(timed), { timeout: 10_000 }).toBe('enabled');
  });

  it('a controller killed half-way through an injection rolls the change back when it starts again', async () => {
    const s = await cmkSetup(w, 'halfway');
    // Hold the vault's updateKey for a while, so the controller is killed after storing the undo record
    // and sending the change, but before it has recorded the fault as applied.
    const rules = await FaultRuleTable.open(w.nc);
    await rules.put({
      id: 'test-slow-update-key',
      kind: 'latency',
      latencyMs: 3000,
      match: { service: 'keyvault', operation: 'updateKey', fields: { vault: s.vault } },
    });
    try {
      const injecting = w.chaos
        .inject({ kind: 'key-disable', target: { vault: s.vault, key: 'cmk' } }, { timeoutMs: 5000 })
        .catch((error: unknown) => error);
      await expect
        .poll(async () => (await w.faults.list()).find((f) => f.kind === 'key-disable')?.phase, {
          timeout: 10_000,
        })
        .toBe('applying');
      const [stored] = await w.faults.list();
      expect(stored!.undo).toMatchObject({ vault: s.vault, key: 'cmk', enabled: true });
      await w.supervisor.kill('chaos-1');
      // The change was already on its way: it lands although the controller is gone.
      await expect.poll(() => keyState(s), { timeout: 10_000 }).toBe('disabled');
      await rules.delete('test-slow-update-key');

      await w.supervisor.restart('chaos-1');
      await expect.poll(() => keyState(s), { timeout: 10_000 }).toBe('enabled');
      await expect.poll(() => w.faults.list(), { timeout: 10_000 }).toEqual([]);
      expect(await injecting).toMatchObject({ status: 504 });
    } finally {
      await rules.delete('test-slow-update-key');
    }
  });
});
