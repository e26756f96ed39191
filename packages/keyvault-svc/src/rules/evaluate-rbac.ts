import { roleAllowsDataAction } from './data-action-matches.js';
import { keyDataActions } from './data-actions.js';
import { formatVaultTag } from './format-vault-tag.js';
import type { KeyOperation } from './key-operations.js';
import { formatCaller, type KeyVaultCaller } from './key-vault-caller.js';
import type { KeyVaultDenial } from './key-vault-denial.js';
import { findRoleDefinition, type RoleDefinition } from './rbac-roles.js';

/** A role assignment on the vault or on one key of it, with its lifetime on the testbed clock. */
export type RoleAssignment = {
  id: string;
  principalId: string;
  /** A role GUID or full ARM role-definition id. */
  roleDefinitionId: string;
  scope: 'vault' | { key: string };
  /** Epoch ms when it was created. */
  createdAt: number;
  /** Epoch ms when it was deleted, if it was. */
  removedAt?: number;
};

/** Everything an RBAC check needs; `now` is the testbed clock in epoch ms. */
export type RbacInput = {
  operation: KeyOperation;
  principalId: string;
  caller: KeyVaultCaller;
  vaultName: string;
  vaultLocation: string;
  /** ARM id of the vault, `/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name>`. */
  vaultResourceId: string;
  /** The key the operation targets; absent for vault-wide operations such as listKeys. */
  keyName?: string;
  assignments: readonly RoleAssignment[];
  now: number;
  /** How long a created or removed assignment takes to take effect (Azure: "several minutes"). */
  propagationDelayMs: number;
  /** Role definitions to resolve assignments against; defaults to the built-in Key Vault roles. */
  roleDefinitions?: readonly RoleDefinition[];
};

/** The assignment that granted access (Key Vault reports it in `x-ms-keyvault-rbac-assignment-id`), or a 403. */
export type RbacDecision =
  | { allowed: true; assignmentId: string; roleDefinitionId: string }
  | { allowed: false; denial: KeyVaultDenial };

/**
 * Azure RBAC for Key Vault's data plane. An assignment counts from `createdAt + propagationDelayMs` until
 * `removedAt + propagationDelayMs`: Azure propagates both grants and revocations with a delay. Key-scope
 * assignments cover only that key (key names compare case-insensitively, as Key Vault object names do).
 * Assignments whose role definition is unknown grant nothing. Deny assignments are not modelled.
 */
export function evaluateRbac(input: RbacInput): RbacDecision {
  const action = keyDataActions[input.operation];
  const principal = input.principalId.toLowerCase();
  for (const assignment of input.assignments) {
    if (assignment.principalId.toLowerCase() !== principal) continue;
    if (!isEffective(assignment, input.now, input.propagationDelayMs)) continue;
    if (!coversKey(assignment.scope, input.keyName)) continue;
    const role = findRoleDefinition(assignment.roleDefinitionId, input.roleDefinitions);
    if (role && roleAllowsDataAction(role, action)) {
      return { allowed: true, assignmentId: assignment.id, roleDefinitionId: role.id };
    }
  }
  return { allowed: false, denial: rbacDenial(input, action) };
}

function isEffective(assignment: RoleAssignment, now: number, delayMs: number): boolean {
  if (now < assignment.createdAt + delayMs) return false;
  return assignment.removedAt === undefined || now < assignment.removedAt + delayMs;
}

function coversKey(scope: RoleAssignment['scope'], keyName: string | undefined): boolean {
  if (scope === 'vault') return true;
  return keyName !== undefined && scope.key.toLowerCase() === keyName.toLowerCase();
}

function rbacDenial(input: RbacInput, action: string): KeyVaultDenial {
  // Real responses show the resource path all lowercase (`resourcegroups`, `microsoft.keyvault`), and the bare
  // vault path for vault-wide operations such as listing keys.
  const vaultPath = input.vaultResourceId.replace(/\/+$/, '');
  const resource = (
    input.keyName === undefined ? vaultPath : `${vaultPath}/keys/${input.keyName}`
  ).toLowerCase();
  // Some real responses carry an extra `DenyAssignmentId: null` line before DecisionReason; the testbed
  // follows the shorter, documented form. The space before `\r\n` after DecisionReason is Azure's.
  const message =
    'Caller is not authorized to perform action on resource.\r\n' +
    'If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\n' +
    `Caller: ${formatCaller(input.caller)}\r\n` +
    `Action: '${action}'\r\n` +
    `Resource: '${resource}'\r\n` +
    'Assignment: (not found)\r\n' +
    "DecisionReason: 'DeniedWithNoValidRBAC' \r\n" +
    `Vault: ${formatVaultTag(input.vaultName, input.vaultLocation)}\r\n`;
  return { status: 403, code: 'Forbidden', innerCode: 'ForbiddenByRbac', message };
}
