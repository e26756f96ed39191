import type { InjectedFault, Testbed } from '@cmk-testbed/shared';
import { describe, expect, it, vi } from 'vitest';
import { FaultView } from './fault-view.js';
import { WorldObjects } from './world-objects.js';

const identityId =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uami-abc123';

const fault = (over: Partial<InjectedFault> = {}): InjectedFault => ({
  faultId: 'f-1',
  kind: 'key-disable',
  target: { vault: 'kv1-abc123', key: 'cmk' },
  ruleIds: [],
  injectedAt: 0,
  ...over,
});

/** A controller whose `list` answers `faults()` and counts the times it is asked. */
function viewOver(faults: () => InjectedFault[] | Error) {
  const list = vi.fn(async () => {
    const answer = faults();
    if (answer instanceof Error) throw answer;
    return { faults: answer };
  });
  const tb = { chaos: { list } } as unknown as Testbed;
  const world = new WorldObjects(tb);
  world.names.kv1 = 'kv1-abc123';
  world.identities.set('uami', {
    id: identityId,
    principalId: 'p1',
    clientId: 'c1',
    name: 'uami-abc123',
    tenantId: 't1',
    subscriptionId: 's1',
  });
  return { view: new FaultView(tb, world), list };
}

describe('FaultView', () => {
  it('asks the controller once while no fault in force can expire, and again after invalidate', async () => {
    const { view, list } = viewOver(() => [fault()]);
    await view.current();
    await view.current();
    expect(list).toHaveBeenCalledTimes(1);
    view.invalidate();
    await view.current();
    expect(list).toHaveBeenCalledTimes(2);
  });

  it('asks every time while a fault with an expiry is in force', async () => {
    const { view, list } = viewOver(() => [fault({ expiresAt: { clock: 'testbed', at: 1 } })]);
    await view.current();
    await view.current();
    expect(list).toHaveBeenCalledTimes(2);
  });

  it("shows targets under the scenario's symbolic names, identities by their ARM id", async () => {
    const { view } = viewOver(() => [
      fault(),
      fault({ faultId: 'f-2', kind: 'identity-delete', target: { identity: identityId } }),
    ]);
    expect(await view.current()).toEqual([
      { faultId: 'f-1', kind: 'key-disable', target: { vault: 'kv1', key: 'cmk' } },
      { faultId: 'f-2', kind: 'identity-delete', target: { identity: 'uami' } },
    ]);
  });

  it('shows no faults while the controller does not answer, and asks again next time', async () => {
    let answer: InjectedFault[] | Error = new Error('no responders');
    const { view, list } = viewOver(() => answer);
    expect(await view.current()).toEqual([]);
    answer = [fault()];
    expect(await view.current()).toHaveLength(1);
    expect(list).toHaveBeenCalledTimes(2);
  });
});
