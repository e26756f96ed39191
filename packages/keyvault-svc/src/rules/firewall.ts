import { formatVaultTag } from './format-vault-tag.js';
import { cidrContains, parseIpv4, parseIpv4Cidr } from './ipv4-cidr.js';
import type { KeyVaultDenial } from './key-vault-denial.js';

/** The vault's network ACLs, as ARM's `properties.networkAcls` (facts §4). */
export type KeyVaultNetworkAcls = {
  defaultAction: 'Allow' | 'Deny';
  bypass: 'AzureServices' | 'None';
  ipRules: { value: string }[];
  virtualNetworkRules: { id: string }[];
};

/** What the firewall needs to know about a vault. */
export type FirewallVault = {
  name: string;
  location: string;
  publicNetworkAccess: 'Enabled' | 'Disabled';
  networkAcls: KeyVaultNetworkAcls;
};

/** Where a data-plane request comes from. */
export type RequestOrigin = {
  ip: string;
  /** ARM id of the caller's subnet when it comes through a service endpoint. */
  subnetId?: string;
  /** True when the caller is a first-party service on Key Vault's trusted-services list (e.g. Storage CMK). */
  trustedService: boolean;
};

/** How a request got through the firewall, or the 403 that stops it. */
export type FirewallDecision =
  | { allowed: true; via: 'open' | 'ip-rule' | 'vnet-rule' | 'trusted-service' }
  | { allowed: false; denial: KeyVaultDenial };

/**
 * Key Vault's data-plane firewall (facts §4). Private link and Network Security Perimeter are not modelled.
 * Rules are checked in the order ip-rule, vnet-rule, trusted-service; the first match names `via`.
 */
export function evaluateFirewall(vault: FirewallVault, origin: RequestOrigin): FirewallDecision {
  const acls = vault.networkAcls;
  const trusted = acls.bypass === 'AzureServices' && origin.trustedService;
  if (vault.publicNetworkAccess === 'Disabled') {
    // Documented: the trusted-service bypass still applies when public access is disabled.
    if (trusted) return { allowed: true, via: 'trusted-service' };
    return deny(
      vault,
      origin,
      'Public network access is disabled and request is not from a trusted service nor via an approved private link.',
    );
  }
  if (acls.defaultAction === 'Allow') return { allowed: true, via: 'open' };
  if (matchesIpRule(acls.ipRules, origin.ip)) return { allowed: true, via: 'ip-rule' };
  if (matchesVnetRule(acls.virtualNetworkRules, origin.subnetId)) return { allowed: true, via: 'vnet-rule' };
  if (trusted) return { allowed: true, via: 'trusted-service' };
  return deny(vault, origin, 'Client address is not authorized and caller is not a trusted service.');
}

function matchesIpRule(rules: { value: string }[], ip: string): boolean {
  const address = parseIpv4(ip);
  // IP rules are IPv4 only, so an IPv6 (or unparseable) client can only get in another way.
  if (address === undefined) return false;
  return rules.some((rule) => {
    const range = parseIpv4Cidr(rule.value.trim());
    return range !== undefined && cidrContains(range, address);
  });
}

function matchesVnetRule(rules: { id: string }[], subnetId: string | undefined): boolean {
  if (!subnetId) return false;
  // ARM resource ids compare case-insensitively; a trailing slash is not significant.
  const wanted = normalizeArmId(subnetId);
  return rules.some((rule) => normalizeArmId(rule.id) === wanted);
}

function normalizeArmId(id: string): string {
  return id.trim().replace(/\/+$/, '').toLowerCase();
}

function deny(vault: FirewallVault, origin: RequestOrigin, reason: string): FirewallDecision {
  return {
    allowed: false,
    denial: {
      status: 403,
      code: 'Forbidden',
      innerCode: 'ForbiddenByFirewall',
      message: `${reason}\r\nClient address: ${origin.ip}\r\nVault: ${formatVaultTag(vault.name, vault.location)}`,
    },
  };
}
