import { describe, expect, it } from 'vitest';
import {
  evaluateFirewall,
  type FirewallVault,
  type KeyVaultNetworkAcls,
  type RequestOrigin,
} from './firewall.js';

const subnetA =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/app';

function vault(
  acls: Partial<KeyVaultNetworkAcls> = {},
  publicNetworkAccess: 'Enabled' | 'Disabled' = 'Enabled',
) {
  return {
    name: 'kv-cmk',
    location: 'westeurope',
    publicNetworkAccess,
    networkAcls: { defaultAction: 'Deny', bypass: 'None', ipRules: [], virtualNetworkRules: [], ...acls },
  } satisfies FirewallVault;
}

const outsider: RequestOrigin = { ip: '203.0.113.9', trustedService: false };

describe('evaluateFirewall', () => {
  it('lets everything in when public access is enabled and the default action is Allow', () => {
    expect(evaluateFirewall(vault({ defaultAction: 'Allow' }), outsider)).toEqual({
      allowed: true,
      via: 'open',
    });
  });

  it('refuses an unknown client when the default action is Deny, with the exact Azure 403', () => {
    expect(evaluateFirewall(vault(), outsider)).toEqual({
      allowed: false,
      denial: {
        status: 403,
        code: 'Forbidden',
        innerCode: 'ForbiddenByFirewall',
        message:
          'Client address is not authorized and caller is not a trusted service.\r\n' +
          'Client address: 203.0.113.9\r\nVault: kv-cmk;location=westeurope',
      },
    });
  });

  it('admits a client whose address is listed as a single IP', () => {
    const v = vault({ ipRules: [{ value: '198.51.100.1' }, { value: '203.0.113.9' }] });
    expect(evaluateFirewall(v, outsider)).toEqual({ allowed: true, via: 'ip-rule' });
  });

  it('admits a client inside a CIDR rule and refuses one just outside it', () => {
    const v = vault({ ipRules: [{ value: '203.0.113.0/28' }] });
    expect(evaluateFirewall(v, outsider)).toEqual({ allowed: true, via: 'ip-rule' });
    expect(evaluateFirewall(v, { ...outsider, ip: '203.0.113.16' }).allowed).toBe(false);
  });

  it('matches an IPv4-mapped IPv6 client address against IPv4 rules, and shows it as received', () => {
    const v = vault({ ipRules: [{ value: '203.0.113.9' }] });
    expect(evaluateFirewall(v, { ...outsider, ip: '::ffff:203.0.113.9' }).allowed).toBe(true);
    const denied = evaluateFirewall(vault(), { ...outsider, ip: '::ffff:203.0.113.9' });
    expect(denied.allowed === false && denied.denial.message).toContain(
      'Client address: ::ffff:203.0.113.9\r\n',
    );
  });

  it('never matches an IPv6 client against IP rules (IPv4 only)', () => {
    const v = vault({ ipRules: [{ value: '0.0.0.0/0' }] });
    expect(evaluateFirewall(v, { ...outsider, ip: '2001:db8::1' }).allowed).toBe(false);
  });

  it('ignores malformed rule values instead of matching on them', () => {
    const v = vault({ ipRules: [{ value: 'not-an-ip' }, { value: '203.0.113.9/40' }] });
    expect(evaluateFirewall(v, outsider).allowed).toBe(false);
  });

  it('admits a caller from a listed subnet, comparing ARM ids case-insensitively', () => {
    const v = vault({ virtualNetworkRules: [{ id: subnetA }] });
    const origin = { ...outsider, subnetId: subnetA.toLowerCase() };
    expect(evaluateFirewall(v, origin)).toEqual({ allowed: true, via: 'vnet-rule' });
  });

  it('refuses a caller from another subnet of the same vnet', () => {
    const v = vault({ virtualNetworkRules: [{ id: subnetA }] });
    expect(evaluateFirewall(v, { ...outsider, subnetId: subnetA.replace(/app$/, 'db') }).allowed).toBe(false);
  });

  it('admits a trusted service only when bypass is AzureServices', () => {
    const trusted = { ...outsider, trustedService: true };
    expect(evaluateFirewall(vault({ bypass: 'AzureServices' }), trusted)).toEqual({
      allowed: true,
      via: 'trusted-service',
    });
    expect(evaluateFirewall(vault({ bypass: 'None' }), trusted).allowed).toBe(false);
    expect(evaluateFirewall(vault({ bypass: 'AzureServices' }), outsider).allowed).toBe(false);
  });

  it('reports the IP rule rather than the bypass when both would admit', () => {
    const v = vault({ bypass: 'AzureServices', ipRules: [{ value: '203.0.113.9' }] });
    expect(evaluateFirewall(v, { ...outsider, trustedService: true })).toEqual({
      allowed: true,
      via: 'ip-rule',
    });
  });

  describe('with public network access disabled', () => {
    it('still admits a trusted service when bypass is AzureServices', () => {
      const v = vault({ defaultAction: 'Allow', bypass: 'AzureServices' }, 'Disabled');
      expect(evaluateFirewall(v, { ...outsider, trustedService: true })).toEqual({
        allowed: true,
        via: 'trusted-service',
      });
    });

    it('refuses everyone else, even listed IPs and an Allow default, with the public-access message', () => {
      const v = vault(
        { defaultAction: 'Allow', bypass: 'AzureServices', ipRules: [{ value: '203.0.113.9' }] },
        'Disabled',
      );
      expect(evaluateFirewall(v, outsider)).toEqual({
        allowed: false,
        denial: {
          status: 403,
          code: 'Forbidden',
          innerCode: 'ForbiddenByFirewall',
          message:
            'Public network access is disabled and request is not from a trusted service nor via an approved private link.\r\n' +
            'Client address: 203.0.113.9\r\nVault: kv-cmk;location=westeurope',
        },
      });
    });

    it('refuses a trusted service when bypass is None', () => {
      const v = vault({ bypass: 'None' }, 'Disabled');
      expect(evaluateFirewall(v, { ...outsider, trustedService: true }).allowed).toBe(false);
    });
  });
});
