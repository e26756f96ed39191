import type { NetworkAcls } from '@cmk-testbed/shared';
import { describe, expect, it } from 'vitest';
import { cmkSetup } from '../../testing/cmk-setup.js';
import { useFaultWorld } from '../../testing/use-fault-world.js';

const subnet =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/s1';
const acls = (over: Partial<NetworkAcls>): NetworkAcls => ({
  defaultAction: 'Allow',
  bypass: 'None',
  ipRules: [],
  virtualNetworkRules: [],
  ...over,
});

describe('access and network faults, through real key vault and storage processes', () => {
  const w = useFaultWorld();

  const networkOf = async (vault: string) => {
    const { properties } = await w.keyvault.getVault({ name: vault });
    return { publicNetworkAccess: properties.publicNetworkAccess, networkAcls: properties.networkAcls };
  };

  it("access-revoke removes a user-assigned identity's roles on an RBAC vault; undo assigns them again", async () => {
    const s = await cmkSetup(w, 'rbac');
    await expect(
      w.chaos.inject({
        kind: 'access-revoke',
        target: { vault: s.vault, identity: s.uami!.id },
        params: { role: 'Key Vault Reader' },
      }),
    ).rejects.toMatchObject({ status: 400, message: /holds no role 'Key Vault Reader' on vault/ });
    const fault = await w.chaos.inject({
      kind: 'access-revoke',
      target: { vault: s.vault, identity: s.uami!.id },
    });
    expect(fault.effect).toContain('Key Vault Crypto Service Encryption User on');
    expect(await s.rolesOf(s.uami!.principalId)).toEqual([]);
    await w.expireCaches();
    expect(await s.read()).toBe('KeyVaultEncryptionKeyNotFound/ForbiddenByRbac');

    await w.chaos.clear({ faultId: fault.faultId });
    expect(await s.rolesOf(s.uami!.principalId)).toEqual(['Key Vault Crypto Service Encryption User']);
    expect(await s.read()).toBe('ok');
  });

  it("access-revoke removes an account's system-assigned identity's access policy; undo sets it again", async () => {
    const s = await cmkSetup(w, 'policy', { access: 'policy', identity: 'system' });
    const principalId = (await w.storage.getAccount({ name: s.account })).identity.principalId!;
    const policyOf = async () =>
      (await w.keyvault.getVault({ name: s.vault })).properties.accessPolicies.find(
        (p) => p.objectId === principalId,
      );
    const before = await policyOf();
    await expect(
      w.chaos.inject({
        kind: 'access-revoke',
        target: { vault: s.vault, account: s.account },
        params: { role: 'Key Vault Reader' },
      }),
    ).rejects.toMatchObject({ status: 400, message: /params\.role: .* uses access policies/ });
    const fault = await w.chaos.inject({
      kind: 'access-revoke',
      target: { vault: s.vault, account: s.account },
    });
    expect(await policyOf()).toBeUndefined();
    await w.expireCaches();
    expect(await s.read()).toBe('KeyVaultEncryptionKeyNotFound/ForbiddenByPolicy');

    await w.chaos.clear({ faultId: fault.faultId });
    expect(await policyOf()).toEqual(before);
    expect(await s.read()).toBe('ok');
  });

  it('firewall-deny closes even a trusted-services vault (storage 403) and undo restores its rules exactly', async () => {
    const original = acls({
      defaultAction: 'Deny',
      bypass: 'AzureServices',
      ipRules: [{ value: '203.0.113.0/24' }],
    });
    const s = await cmkSetup(w, 'fw', { networkAcls: original });
    expect(await s.read()).toBe('ok');
    const before = await networkOf(s.vault);
    const fault = await w.chaos.inject({ kind: 'firewall-deny', target: { vault: s.vault } });
    expect((await networkOf(s.vault)).networkAcls).toEqual(acls({ defaultAction: 'Deny', bypass: 'None' }));
    await w.expireCaches();
    expect(await s.read()).toBe('KeyVaultEncryptionKeyNotFound/ForbiddenByFirewall');

    await w.chaos.clear({ faultId: fault.faultId });
    expect(await networkOf(s.vault)).toEqual(before);
    expect(await s.read()).toBe('ok');
  });

  it("deny-access refuses a vault that misses one of Chaos Studio's prerequisites, naming it", async () => {
    const cases: [NetworkAcls, RegExp][] = [
      [acls({ bypass: 'AzureServices' }), /allows trusted Azure services to bypass/],
      [acls({ ipRules: [{ value: '203.0.113.0/24' }] }), /has 1 IP firewall rule/],
      [acls({ defaultAction: 'Deny' }), /selected networks without a virtual-network rule/],
    ];
    const s = await cmkSetup(w, 'pre');
    for (const [networkAcls, reason] of cases) {
      await w.keyvault.updateVault({ name: s.vault, networkAcls });
      await expect(w.chaos.inject({ kind: 'deny-access', target: { vault: s.vault } })).rejects.toMatchObject(
        {
          status: 400,
          message: expect.stringMatching(reason),
        },
      );
      expect((await networkOf(s.vault)).networkAcls).toEqual(networkAcls);
    }
    await w.keyvault.deleteVault({ name: s.vault });
    await expect(w.chaos.inject({ kind: 'deny-access', target: { vault: s.vault } })).rejects.toMatchObject({
      status: 400,
      message: /prerequisites: it is in recover mode/,
    });
    expect((await w.chaos.list({})).faults).toEqual([]);
  });

  it('deny-access switches an all-networks vault to selected networks with nothing allowed; undo restores', async () => {
    const s = await cmkSetup(w, 'deny', { networkAcls: acls({}) });
    expect(await s.read()).toBe('ok');
    const fault = await w.chaos.inject({ kind: 'deny-access', target: { vault: s.vault } });
    expect(fault.effect).toMatch(
      /allowed all networks: switched it to selected networks with nothing allowed/,
    );
    expect((await networkOf(s.vault)).networkAcls).toEqual(acls({ defaultAction: 'Deny' }));
    await w.expireCaches();
    expect(await s.read()).toBe('KeyVaultEncryptionKeyNotFound/ForbiddenByFirewall');

    await w.chaos.clear({ faultId: fault.faultId });
    expect((await networkOf(s.vault)).networkAcls).toEqual(acls({}));
    expect(await s.read()).toBe('ok');
  });

  it("deny-access removes a selected-networks vault's virtual-network rules; undo puts them back", async () => {
    const selected = acls({ defaultAction: 'Deny', virtualNetworkRules: [{ id: subnet }] });
    const s = await cmkSetup(w, 'vnet', { networkAcls: selected });
    const fault = await w.chaos.inject({ kind: 'deny-access', target: { vault: s.vault } });
    expect(fault.effect).toMatch(/removed its 1 virtual-network rule/);
    expect((await networkOf(s.vault)).networkAcls).toEqual(acls({ defaultAction: 'Deny' }));
    await w.chaos.clear({ faultId: fault.faultId });
    expect((await networkOf(s.vault)).networkAcls).toEqual(selected);
  });
});
