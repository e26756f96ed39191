import { keyOperationPermissions } from './access-policy-permissions.js';
import { formatVaultTag } from './format-vault-tag.js';
import type { KeyOperation } from './key-operations.js';
import { callerTenantId, formatCaller, type KeyVaultCaller } from './key-vault-caller.js';
import type { KeyVaultDenial } from './key-vault-denial.js';

/** One entry of a vault's `accessPolicies` (legacy permission model), key permissions only. */
export type KeyVaultAccessPolicy = {
  tenantId: string;
  objectId: string;
  /** Compound identity: when set, the entry applies only to this application acting for `objectId`. */
  applicationId?: string;
  permissions: { keys: readonly string[] };
};

/** Everything an access-policy check needs. */
export type AccessPolicyInput = {
  operation: KeyOperation;
  caller: KeyVaultCaller;
  vaultName: string;
  vaultLocation: string;
  policies: readonly KeyVaultAccessPolicy[];
};

/** Allowed, or the 403 Key Vault returns on an access-policy vault. */
export type AccessPolicyDecision = { allowed: true } | { allowed: false; denial: KeyVaultDenial };

/**
 * Access-policy authorization: the entries for the caller's object id (and tenant, when the caller's tenant is
 * known) are merged, permission names compare case-insensitively and `all` grants every key permission.
 * Uses the newer inner code `ForbiddenByPolicy`; older responses said `AccessDenied` (facts §11 item 7).
 */
export function evaluateAccessPolicy(input: AccessPolicyInput): AccessPolicyDecision {
  const needed = keyOperationPermissions[input.operation];
  const granted = grantedPermissions(input.caller, input.policies);
  if (granted.has('all') || granted.has(needed.toLowerCase())) return { allowed: true };
  return {
    allowed: false,
    denial: {
      status: 403,
      code: 'Forbidden',
      innerCode: 'ForbiddenByPolicy',
      message:
        `The user, group or application '${formatCaller(input.caller)}' does not have keys ${needed} permission ` +
        `on key vault '${formatVaultTag(input.vaultName, input.vaultLocation)}'. ` +
        'For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287',
    },
  };
}

function grantedPermissions(caller: KeyVaultCaller, policies: readonly KeyVaultAccessPolicy[]): Set<string> {
  const oid = caller.oid.toLowerCase();
  const tenant = callerTenantId(caller)?.toLowerCase();
  const granted = new Set<string>();
  for (const policy of policies) {
    if (policy.objectId.toLowerCase() !== oid) continue;
    if (tenant !== undefined && policy.tenantId.toLowerCase() !== tenant) continue;
    if (policy.applicationId && policy.applicationId.toLowerCase() !== caller.appid.toLowerCase()) continue;
    for (const permission of policy.permissions.keys) granted.add(permission.toLowerCase());
  }
  return granted;
}
