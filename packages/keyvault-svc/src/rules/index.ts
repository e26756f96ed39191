export type { KeyPermission } from './access-policy-permissions.js';
export { keyOperationPermissions, keyPermissions } from './access-policy-permissions.js';
export { dataActionMatches, roleAllowsDataAction } from './data-action-matches.js';
export type { KeyDataAction } from './data-actions.js';
export { keyDataActions } from './data-actions.js';
export type {
  AccessPolicyDecision,
  AccessPolicyInput,
  KeyVaultAccessPolicy,
} from './evaluate-access-policy.js';
export { evaluateAccessPolicy } from './evaluate-access-policy.js';
export type { RbacDecision, RbacInput, RoleAssignment } from './evaluate-rbac.js';
export { evaluateRbac } from './evaluate-rbac.js';
export type { FirewallDecision, FirewallVault, KeyVaultNetworkAcls, RequestOrigin } from './firewall.js';
export { evaluateFirewall } from './firewall.js';
export { formatVaultTag } from './format-vault-tag.js';
export type { Ipv4Cidr } from './ipv4-cidr.js';
export { cidrContains, cidrsOverlap, parseIpv4, parseIpv4Cidr } from './ipv4-cidr.js';
export type { KeyOperation } from './key-operations.js';
export { isKeyOperation, keyOperations } from './key-operations.js';
export type { KeyStateAttributes, KeyStateDecision, KeyStateInput } from './key-state.js';
export { checkKeyOperation } from './key-state.js';
export type { KeyVaultCaller } from './key-vault-caller.js';
export { callerTenantId, formatCaller } from './key-vault-caller.js';
export type { KeyVaultDenial } from './key-vault-denial.js';
export type { RoleDefinition } from './rbac-roles.js';
export { builtInRoles, findRoleDefinition } from './rbac-roles.js';
export { decideInWindow, type ThrottleWindow, throttleWindowAt, windowLimit } from './throttle-window.js';
export type { ThrottleCategory, ThrottleKeyType, ThrottleRequest, ThrottleResult } from './throttling.js';
export { throttleCost, throttledDenial, vaultThrottleLimits } from './throttling.js';
export type { NetworkAclIssue } from './validate-network-acls.js';
export { networkAclLimits, validateNetworkAcls } from './validate-network-acls.js';
