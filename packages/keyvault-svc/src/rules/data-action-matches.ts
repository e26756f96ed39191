import type { RoleDefinition } from './rbac-roles.js';

/**
 * Azure's action matching: case-insensitive, and `*` stands for any run of characters, slashes included,
 * so `Microsoft.KeyVault/vaults/*\/read` matches `Microsoft.KeyVault/vaults/keys/read`.
 */
export function dataActionMatches(pattern: string, action: string): boolean {
  const source = pattern
    .split('*')
    .map((literal) => literal.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i').test(action);
}

/** True when the role grants the data action: some dataAction matches and no notDataAction does. */
export function roleAllowsDataAction(role: RoleDefinition, action: string): boolean {
  return (
    role.dataActions.some((pattern) => dataActionMatches(pattern, action)) &&
    !role.notDataActions.some((pattern) => dataActionMatches(pattern, action))
  );
}
