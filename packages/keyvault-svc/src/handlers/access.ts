import { randomUUID } from 'node:crypto';
import type { HandlerContext, HandlerTable, keyvaultContract } from '@cmk-testbed/shared';
import { findRoleDefinition } from '../rules/index.js';
import type { StoredRoleAssignment, StoredVault } from '../state/documents.js';
import { armError } from '../state/keyvault-errors.js';
import type { KeyvaultState } from '../state/keyvault-state.js';
import { presentVault, vaultResourceId } from '../state/present-vault.js';
import { requireVault } from './vaults.js';

type Handlers = HandlerTable<typeof keyvaultContract, KeyvaultState>;

function present(vault: StoredVault, a: StoredRoleAssignment) {
  return {
    id: `${vaultResourceId(vault)}${a.scope === '/' ? '' : a.scope}/providers/Microsoft.Authorization/roleAssignments/${a.id}`,
    principalId: a.principalId,
    roleDefinitionId: a.roleDefinitionId,
    roleName: a.roleName,
    scope: a.scope,
    createdAt: a.createdAt,
  };
}

function accessChanged(state: KeyvaultState, vault: StoredVault): void {
  state.events.publish('KeyAccessChanged', { vault: vault.name });
}

/** Role assignments are control plane (ARM); they take effect after the configured propagation delay. */
export const assignRole: Handlers['assignRole'] = async (req, state, ctx) => {
  const vault = await requireVault(state, req.vault, ctx);
  const role = findRoleDefinition(req.role);
  if (!role)
    throw armError(
      400,
      'RoleDefinitionDoesNotExist',
      `role: the role definition '${req.role}' does not exist; use a built-in Key Vault role name or id.`,
    );
  const assignment: StoredRoleAssignment = {
    id: randomUUID(),
    principalId: req.principalId,
    roleDefinitionId: role.id,
    roleName: role.roleName,
    scope: req.key ? `/keys/${req.key}` : '/',
    createdAt: ctx.clock.now(),
  };
  await state.store.roles.mutate(vault.name, (current) => ({
    vault: vault.name,
    assignments: [...(current?.assignments ?? []), assignment],
  }));
  accessChanged(state, vault);
  return present(vault, assignment);
};

export const removeRoleAssignment: Handlers['removeRoleAssignment'] = async (req, state, ctx) => {
  const vault = await requireVault(state, req.vault, ctx);
  const now = ctx.clock.now();
  await state.store.roles.mutate(vault.name, (current) => {
    const found = current?.assignments.find(
      (a) => (a.id === req.id || present(vault, a).id === req.id) && a.removedAt === undefined,
    );
    if (!current || !found)
      throw armError(
        404,
        'RoleAssignmentNotFound',
        `Role assignment '${req.id}' was not found on vault ${vault.name}.`,
      );
    return {
      ...current,
      assignments: current.assignments.map((a) => (a === found ? { ...a, removedAt: now } : a)),
    };
  });
  accessChanged(state, vault);
  return {};
};

export const listRoleAssignments: Handlers['listRoleAssignments'] = async (req, state, ctx) => {
  const vault = await requireVault(state, req.vault, ctx);
  const assignments = (await state.store.roles.get(vault.name))?.value.assignments ?? [];
  return {
    roleAssignments: assignments.filter((a) => a.removedAt === undefined).map((a) => present(vault, a)),
  };
};

async function changePolicies(
  state: KeyvaultState,
  name: string,
  ctx: HandlerContext,
  change: (policies: StoredVault['accessPolicies']) => StoredVault['accessPolicies'],
) {
  await requireVault(state, name, ctx);
  const vault = await state.store.vaults.mutate(name, (v) =>
    v ? { ...v, accessPolicies: change(v.accessPolicies) } : v,
  );
  accessChanged(state, vault!);
  return presentVault(vault!);
}

export const setAccessPolicy: Handlers['setAccessPolicy'] = (req, state, ctx) =>
  changePolicies(state, req.vault, ctx, (policies) => [
    ...policies.filter((p) => p.objectId !== req.policy.objectId),
    req.policy,
  ]);

export const removeAccessPolicy: Handlers['removeAccessPolicy'] = (req, state, ctx) =>
  changePolicies(state, req.vault, ctx, (policies) => policies.filter((p) => p.objectId !== req.objectId));

export const getAuditLog: Handlers['getAuditLog'] = async (req, state, ctx) => {
  await requireVault(state, req.vault, ctx);
  return { entries: await state.audit.read(req.vault, req.limit) };
};
