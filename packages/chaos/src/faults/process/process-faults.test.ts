import { describe, expect, it } from 'vitest';
import { useFaultWorld } from '../../testing/use-fault-world.js';

const minute = 60_000;

describe('process and time faults, through the supervisor and the processes themselves', () => {
  const w = useFaultWorld();

  const state = async (name: string) => (await w.testbed.list({})).processes.find((p) => p.name === name)!;
  /** `ok`, or the status and code a short call gets (a paused process makes it time out). */
  const storageHealth = () =>
    w.storage.health({}, { timeoutMs: 1000 }).then(
      () => 'ok',
      (e: { status: number; code: string }) => `${e.status} ${e.code}`,
    );

  it('refuses an unknown instance, naming it and the known ones, and the controller itself', async () => {
    await expect(
      w.chaos.inject({ kind: 'process-kill', target: { instance: 'storage-mars-9' } }),
    ).rejects.toMatchObject({
      status: 400,
      message:
        "process-kill: target.instance: no process 'storage-mars-9' in this testbed (known: entra-1, keyvault-eastus-1, storage-eastus-1, chaos-1)",
    });
    await expect(w.chaos.inject({ kind: 'process-pause', target: {} })).rejects.toMatchObject({
      status: 400,
      message: 'process-pause: target.instance is required',
    });
    await expect(
      w.chaos.inject({ kind: 'process-kill', target: { instance: 'chaos-1' } }),
    ).rejects.toMatchObject({
      status: 400,
      message: /target\.instance: 'chaos-1' is this chaos controller/,
    });
    expect((await state('storage-eastus-1')).state).toBe('running');
  });

  it('process-kill takes the storage node off the bus; clear restarts it', async () => {
    const fault = await w.chaos.inject({ kind: 'process-kill', target: { instance: 'storage-eastus-1' } });
    expect(fault.effect).toMatch(/^killed storage-eastus-1 \(storage in eastus, pid \d+\) with SIGKILL/);
    expect((await state('storage-eastus-1')).state).toBe('killed');
    expect(await storageHealth()).toBe('503 ServiceUnavailable');

    await w.chaos.clear({ faultId: fault.faultId });
    expect((await state('storage-eastus-1')).state).toBe('running');
    expect(await storageHealth()).toBe('ok');
  });

  it('process-pause makes the storage node hang (callers time out); clear resumes it', async () => {
    const fault = await w.chaos.inject({ kind: 'process-pause', target: { instance: 'storage-eastus-1' } });
    expect((await state('storage-eastus-1')).state).toBe('paused');
    expect(await storageHealth()).toBe('504 OperationTimedOut');

    await w.chaos.clear({ faultId: fault.faultId });
    expect((await state('storage-eastus-1')).state).toBe('running');
    await expect.poll(storageHealth).toBe('ok');
  });

  it('process-restart restarts the process at once and leaves nothing to undo', async () => {
    const before = await state('keyvault-eastus-1');
    const fault = await w.chaos.inject({
      kind: 'process-restart',
      target: { instance: 'keyvault-eastus-1' },
    });
    const after = await state('keyvault-eastus-1');
    expect(after).toMatchObject({ state: 'running', restarts: before.restarts + 1 });
    expect(after.pid).not.toBe(before.pid);
    expect(fault.effect).toMatch(/^restarted keyvault-eastus-1 .* \(nothing to undo\)$/);
    await expect(w.keyvault.health({})).resolves.toMatchObject({ pid: after.pid });
    await w.chaos.clear({ faultId: fault.faultId });
    expect((await state('keyvault-eastus-1')).restarts).toBe(after.restarts);
  });

  it("clock-skew offsets one process's testbed clock, live and across its restart, and no other's", async () => {
    const offsetOf = async (health: () => Promise<{ clockNow: number }>) =>
      (await health()).clockNow - w.now();
    const keyvault = () => w.keyvault.health({});
    const entra = () => w.entra.health({});
    await expect(
      w.chaos.inject({ kind: 'clock-skew', target: { instance: 'keyvault-eastus-1' } }),
    ).rejects.toMatchObject({ status: 400, message: /params\.skew is required/ });
    await expect(
      w.chaos.inject({ kind: 'clock-skew', target: { instance: 'nope-1' }, params: { skew: 'PT5M' } }),
    ).rejects.toMatchObject({
      status: 400,
      message: /target\.instance: no process 'nope-1' .*keyvault-eastus-1/,
    });

    const fault = await w.chaos.inject({
      kind: 'clock-skew',
      target: { instance: 'keyvault-eastus-1' },
      params: { skew: 'PT5M' },
    });
    await expect.poll(() => offsetOf(keyvault)).toBeGreaterThan(5 * minute - 2000);
    expect(Math.abs(await offsetOf(entra))).toBeLessThan(2000);
    await expect(
      w.chaos.inject({ kind: 'clock-skew', target: { instance: 'keyvault-eastus-1' }, params: { skew: 1 } }),
    ).rejects.toMatchObject({ status: 400, message: new RegExp(`already skewed by fault ${fault.faultId}`) });
    await w.supervisor.restart('keyvault-eastus-1');
    expect(await offsetOf(keyvault)).toBeGreaterThan(5 * minute - 2000);

    await w.chaos.clear({ faultId: fault.faultId });
    await expect.poll(async () => Math.abs(await offsetOf(keyvault))).toBeLessThan(2000);

    const behind = await w.chaos.inject({
      kind: 'clock-skew',
      target: { instance: 'entra-1' },
      params: { skew: '-PT10M' },
    });
    await expect.poll(() => offsetOf(entra)).toBeLessThan(-10 * minute + 2000);
    expect(Math.abs(await offsetOf(keyvault))).toBeLessThan(2000);
    await w.chaos.clear({ faultId: behind.faultId });
    await expect.poll(async () => Math.abs(await offsetOf(entra))).toBeLessThan(2000);
  });
});
