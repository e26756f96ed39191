import { describe, expect, it } from 'vitest';
import type { KeyVaultNetworkAcls } from './firewall.js';
import { validateNetworkAcls } from './validate-network-acls.js';

const subnet =
  '/subscriptions/0a1b2c3d-0000-4000-8000-00000000abcd/resourceGroups/rg-net.prod_(1)/providers/Microsoft.Network/virtualNetworks/vnet-1/subnets/app_subnet';

function acls(partial: Partial<KeyVaultNetworkAcls>): KeyVaultNetworkAcls {
  return { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [], ...partial };
}

describe('validateNetworkAcls', () => {
  it('accepts public IPv4 addresses and CIDRs and well-formed subnet ids', () => {
    const result = validateNetworkAcls(
      acls({
        ipRules: [{ value: '20.30.40.50' }, { value: '20.30.0.0/16' }, { value: '11.0.0.0/8' }],
        virtualNetworkRules: [{ id: subnet }, { id: subnet.toLowerCase() }],
      }),
    );
    expect(result).toEqual([]);
  });

  it('flags values that are not IPv4 addresses or CIDRs, pointing at each one', () => {
    const result = validateNetworkAcls(
      acls({ ipRules: [{ value: '20.30.40.50' }, { value: '2001:db8::/32' }, { value: '1.2.3.4/33' }] }),
    );
    expect(result.map((issue) => issue.path)).toEqual(['ipRules[1].value', 'ipRules[2].value']);
    expect(result[0]?.reason).toMatch(/not an IPv4 address or CIDR/);
  });

  it.each(['10.1.2.3', '172.16.0.0/12', '172.31.255.255', '192.168.1.0/24', '10.0.0.0/7', '0.0.0.0/0'])(
    'refuses the private (RFC 1918) range %s',
    (value) => {
      const result = validateNetworkAcls(acls({ ipRules: [{ value }] }));
      expect(result).toHaveLength(1);
      expect(result[0]?.reason).toMatch(/RFC 1918/);
    },
  );

  it.each(['172.15.255.255', '172.32.0.0', '192.169.0.0/16', '9.255.255.255'])(
    'accepts the public neighbour %s of a private range',
    (value) => {
      expect(validateNetworkAcls(acls({ ipRules: [{ value }] }))).toEqual([]);
    },
  );

  it('allows exactly 1,000 IP rules and not one more', () => {
    const rules = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ value: `20.0.${Math.floor(i / 256)}.${i % 256}` }));
    expect(validateNetworkAcls(acls({ ipRules: rules(1000) }))).toEqual([]);
    expect(validateNetworkAcls(acls({ ipRules: rules(1001) }))).toEqual([
      { path: 'ipRules', reason: 'At most 1000 IP rules are allowed.' },
    ]);
  });

  it('allows exactly 200 virtual network rules and not one more', () => {
    const rules = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `${subnet}${i}` }));
    expect(validateNetworkAcls(acls({ virtualNetworkRules: rules(200) }))).toEqual([]);
    expect(validateNetworkAcls(acls({ virtualNetworkRules: rules(201) }))).toEqual([
      { path: 'virtualNetworkRules', reason: 'At most 200 virtual network rules are allowed.' },
    ]);
  });

  it.each([
    ['a vnet id without a subnet', subnet.replace(/\/subnets\/.*$/, '')],
    ['a non-GUID subscription', subnet.replace('0a1b2c3d-0000-4000-8000-00000000abcd', 'my-sub')],
    ['another provider', subnet.replace('Microsoft.Network', 'Microsoft.Compute')],
    ['a resource group ending in a dot', subnet.replace('rg-net.prod_(1)', 'rg.')],
    ['a trailing segment', `${subnet}/extra`],
    ['an empty id', ''],
  ])('refuses %s as a subnet id', (_label, id) => {
    const result = validateNetworkAcls(acls({ virtualNetworkRules: [{ id }] }));
    expect(result).toHaveLength(1);
    expect(result[0]?.path).toBe('virtualNetworkRules[0].id');
  });
});
