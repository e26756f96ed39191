import type { KeyVaultNetworkAcls } from './firewall.js';
import { cidrsOverlap, type Ipv4Cidr, parseIpv4Cidr } from './ipv4-cidr.js';

/** One problem found in a network ACL document; `path` points into it like `ipRules[3].value`. */
export type NetworkAclIssue = { path: string; reason: string };

/** Documented Key Vault limits (facts §4). */
export const networkAclLimits = { maxIpRules: 1000, maxVirtualNetworkRules: 200 } as const;

const rfc1918Ranges: readonly { text: string; range: Ipv4Cidr }[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
].map((text) => ({ text, range: parseIpv4Cidr(text)! }));

// ARM naming rules: resource groups 1-90 chars of word chars, '-', '.', '(' and ')', not ending in '.';
// virtual networks and subnets start alphanumeric and use word chars, '.', '-'. Fixed segments are
// case-insensitive, as everywhere in ARM.
const subnetIdPattern =
  /^\/subscriptions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/resourceGroups\/[\w\-.()]{0,89}[\w\-()]\/providers\/Microsoft\.Network\/virtualNetworks\/[a-z0-9][\w.-]{0,63}\/subnets\/[a-z0-9][\w.-]{0,79}$/i;

/**
 * Checks a network ACL document the way the Key Vault resource provider would on PUT, returning every issue
 * (empty when valid). A rule whose range overlaps an RFC 1918 block is refused, not only one inside it:
 * Azure states private ranges are not allowed and the testbed takes the strict reading (e.g. 0.0.0.0/0 is
 * refused; use defaultAction Allow instead).
 */
export function validateNetworkAcls(acls: KeyVaultNetworkAcls): NetworkAclIssue[] {
  const issues: NetworkAclIssue[] = [];
  if (acls.ipRules.length > networkAclLimits.maxIpRules) {
    issues.push({ path: 'ipRules', reason: `At most ${networkAclLimits.maxIpRules} IP rules are allowed.` });
  }
  acls.ipRules.forEach((rule, index) => {
    const issue = checkIpRule(rule.value);
    if (issue) issues.push({ path: `ipRules[${index}].value`, reason: issue });
  });
  if (acls.virtualNetworkRules.length > networkAclLimits.maxVirtualNetworkRules) {
    issues.push({
      path: 'virtualNetworkRules',
      reason: `At most ${networkAclLimits.maxVirtualNetworkRules} virtual network rules are allowed.`,
    });
  }
  acls.virtualNetworkRules.forEach((rule, index) => {
    if (!subnetIdPattern.test(rule.id)) {
      issues.push({
        path: `virtualNetworkRules[${index}].id`,
        reason:
          `'${rule.id}' is not a subnet resource id (/subscriptions/<guid>/resourceGroups/<rg>/providers/` +
          'Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>).',
      });
    }
  });
  return issues;
}

function checkIpRule(value: string): string | undefined {
  const range = parseIpv4Cidr(value);
  if (!range) return `'${value}' is not an IPv4 address or CIDR range (a.b.c.d or a.b.c.d/0-32).`;
  const privateRange = rfc1918Ranges.find((candidate) => cidrsOverlap(candidate.range, range));
  if (privateRange) {
    return `'${value}' overlaps the private range ${privateRange.text}; RFC 1918 ranges are not allowed in IP rules.`;
  }
  return undefined;
}
