import { decodeBody, eventSubject } from '@cmk-testbed/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyvaultEventNames } from '../state/keyvault-events.js';
import { type KeyvaultUnderTest, startKeyvault } from '../testing/start-keyvault.js';
import { type Principal, tenantWorld } from '../testing/vault-world.js';

interface Seen {
  /** The event name of the subject it arrived on. */
  on: string;
  body: { event: string; vault: string; key?: string; version?: string; kid?: string; time: number };
}

describe('vault and key change events on their derived subjects', () => {
  let t: KeyvaultUnderTest;
  let admin: Principal;
  let tenantId: string;
  const seen: Seen[] = [];
  /** Everything that arrived since `mark`, as [subject's event name, body's event name, vault]. */
  const since = (mark: number) => seen.slice(mark).map((s) => [s.on, s.body.event, s.body.vault]);

  beforeAll(async () => {
    t = await startKeyvault();
    const world = await tenantWorld(t.entra, 'contoso');
    tenantId = world.tenant.tenantId;
    admin = await world.principal('admin');
    // One subscription per event name, each on the subject derived for it: a misnamed event arrives nowhere.
    for (const name of keyvaultEventNames) {
      t.runtime.nc.subscribe(eventSubject('keyvault', 'eastus', name), {
        callback: (_err, msg) => seen.push({ on: name, body: decodeBody(msg.data) as Seen['body'] }),
      });
    }
    await t.runtime.nc.flush();
  }, 60_000);

  afterAll(() => t?.dispose());

  it('publishes KeyAccessChanged for role assignments, access policies and a switch of authorization mode', async () => {
    const kv = t.keyvault();
    await kv.createVault({ name: 'kv-access', tenantId, location: 'eastus' });
    const steps: [string, () => Promise<unknown>][] = [
      [
        'assignRole',
        () => kv.assignRole({ vault: 'kv-access', principalId: admin.principalId, role: 'Key Vault Reader' }),
      ],
      [
        'removeRoleAssignment',
        async () => {
          const [assignment] = (await kv.listRoleAssignments({ vault: 'kv-access' })).roleAssignments;
          await kv.removeRoleAssignment({ vault: 'kv-access', id: assignment!.id });
        },
      ],
      [
        'switch to access policies',
        () => kv.updateVault({ name: 'kv-access', enableRbacAuthorization: false }),
      ],
      [
        'setAccessPolicy',
        () =>
          kv.setAccessPolicy({
            vault: 'kv-access',
            policy: { tenantId, objectId: admin.principalId, permissions: { keys: ['get'] } },
          }),
      ],
      [
        'removeAccessPolicy',
        () => kv.removeAccessPolicy({ vault: 'kv-access', objectId: admin.principalId }),
      ],
      ['switch back to RBAC', () => kv.updateVault({ name: 'kv-access', enableRbacAuthorization: true })],
    ];
    for (const [step, act] of steps) {
      const mark = seen.length;
      await act();
      await expect
        .poll(() => since(mark), { message: step })
        .toEqual([['KeyAccessChanged', 'KeyAccessChanged', 'kv-access']]);
    }
    // An update that leaves the mode as it is changes nobody's access.
    const mark = seen.length;
    await kv.updateVault({
      name: 'kv-access',
      enableRbacAuthorization: true,
      publicNetworkAccess: 'Disabled',
    });
    await expect
      .poll(() => since(mark))
      .toEqual([['VaultNetworkChanged', 'VaultNetworkChanged', 'kv-access']]);
  });

  it('publishes VaultNetworkChanged for network ACLs and public network access, and not for other changes', async () => {
    const kv = t.keyvault();
    await kv.createVault({ name: 'kv-net', tenantId, location: 'eastus' });
    let mark = seen.length;
    await kv.updateVault({
      name: 'kv-net',
      networkAcls: {
        defaultAction: 'Deny',
        bypass: 'AzureServices',
        ipRules: [{ value: '20.1.2.0/24' }],
        virtualNetworkRules: [],
      },
    });
    await expect.poll(() => since(mark)).toEqual([['VaultNetworkChanged', 'VaultNetworkChanged', 'kv-net']]);
    mark = seen.length;
    await kv.updateVault({ name: 'kv-net', publicNetworkAccess: 'Disabled' });
    await expect.poll(() => since(mark)).toEqual([['VaultNetworkChanged', 'VaultNetworkChanged', 'kv-net']]);
    // Purge protection is neither network nor access: it is announced by nothing, and a later event proves it.
    mark = seen.length;
    await kv.updateVault({ name: 'kv-net', enablePurgeProtection: true });
    await kv.updateVault({ name: 'kv-net', publicNetworkAccess: 'Enabled' });
    await expect.poll(() => since(mark)).toEqual([['VaultNetworkChanged', 'VaultNetworkChanged', 'kv-net']]);
  });

  it('publishes KeyDisabled and KeyEnabled with the version and kid that changed', async () => {
    const kv = t.keyvault();
    await kv.createVault({ name: 'kv-toggle', tenantId, location: 'eastus' });
    await kv.assignRole({
      vault: 'kv-toggle',
      principalId: admin.principalId,
      role: 'Key Vault Administrator',
    });
    const authorization = await admin.bearer();
    const first = await kv.createKey({ vault: 'kv-toggle', authorization, name: 'k', kty: 'RSA' });
    await kv.createKey({ vault: 'kv-toggle', authorization, name: 'k', kty: 'RSA' });
    const version = first.key.kid.split('/').at(-1)!;
    for (const [enabled, event] of [
      [false, 'KeyDisabled'],
      [true, 'KeyEnabled'],
    ] as const) {
      const mark = seen.length;
      await kv.updateKey({ vault: 'kv-toggle', authorization, name: 'k', version, attributes: { enabled } });
      await expect.poll(() => seen.slice(mark)).toHaveLength(1);
      expect(seen[mark]).toMatchObject({
        on: event,
        body: { event, vault: 'kv-toggle', key: 'k', version, kid: first.key.kid },
      });
    }
    // A tag change is no enable/disable.
    const mark = seen.length;
    await kv.updateKey({ vault: 'kv-toggle', authorization, name: 'k', tags: { team: 'red' } });
    await kv.updateKey({ vault: 'kv-toggle', authorization, name: 'k', attributes: { enabled: true } });
    await expect.poll(() => seen.slice(mark).map((s) => s.on)).toEqual(['KeyEnabled']);
  });

  it('publishes VaultDeleted, VaultRecovered and VaultPurged, in that order', async () => {
    const kv = t.keyvault();
    await kv.createVault({ name: 'kv-life', tenantId, location: 'eastus' });
    const mark = seen.length;
    await kv.deleteVault({ name: 'kv-life' });
    await kv.recoverDeletedVault({ name: 'kv-life' });
    await kv.deleteVault({ name: 'kv-life' });
    await kv.purgeDeletedVault({ name: 'kv-life' });
    await expect
      .poll(() => since(mark))
      .toEqual([
        ['VaultDeleted', 'VaultDeleted', 'kv-life'],
        ['VaultRecovered', 'VaultRecovered', 'kv-life'],
        ['VaultDeleted', 'VaultDeleted', 'kv-life'],
        ['VaultPurged', 'VaultPurged', 'kv-life'],
      ]);
    const now = t.runtime.clock.now();
    for (const s of seen.slice(mark)) expect(Math.abs(s.body.time - now)).toBeLessThan(60_000);
  });
});
