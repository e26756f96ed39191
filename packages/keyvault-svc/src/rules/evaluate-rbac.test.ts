import { describe, expect, it } from 'vitest';
import { evaluateRbac, type RbacInput, type RoleAssignment } from './evaluate-rbac.js';
import { builtInRoles } from './rbac-roles.js';

const principalId = '5fde8331-374a-4550-b1fa-b2bc8eb86a7c';
const delay = 5 * 60_000;
const t0 = 1_700_000_000_000;
const vaultResourceId =
  '/subscriptions/ddef9bf9-11a6-4312-b654-31844030ad8a/resourceGroups/RG-Cmk/providers/Microsoft.KeyVault/vaults/kv-cmk';

function assignment(partial: Partial<RoleAssignment> = {}): RoleAssignment {
  return {
    id: 'ra-1',
    principalId,
    roleDefinitionId: builtInRoles.keyVaultCryptoServiceEncryptionUser.id,
    scope: 'vault',
    createdAt: t0,
    ...partial,
  };
}

function input(partial: Partial<RbacInput> = {}): RbacInput {
  return {
    operation: 'unwrapKey',
    principalId,
    caller: {
      appid: '6f9dce08-500c-44b0-9670-309c358201c0',
      oid: principalId,
      iss: 'https://sts.windows.net/da427fed-0866-4706-809a-9d39896ddf3d/',
    },
    vaultName: 'kv-cmk',
    vaultLocation: 'eastus',
    vaultResourceId,
    keyName: 'cmk-key',
    assignments: [assignment()],
    now: t0 + delay,
    propagationDelayMs: delay,
    ...partial,
  };
}

describe('evaluateRbac', () => {
  it('allows an operation the assigned role grants, naming the assignment that granted it', () => {
    expect(evaluateRbac(input())).toEqual({
      allowed: true,
      assignmentId: 'ra-1',
      roleDefinitionId: builtInRoles.keyVaultCryptoServiceEncryptionUser.id,
    });
  });

  it('denies with the exact Azure message, lowercased resource path, and the action needed', () => {
    const decision = evaluateRbac(input({ operation: 'sign' }));
    expect(decision).toEqual({
      allowed: false,
      denial: {
        status: 403,
        code: 'Forbidden',
        innerCode: 'ForbiddenByRbac',
        message:
          'Caller is not authorized to perform action on resource.\r\n' +
          'If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\n' +
          'Caller: appid=6f9dce08-500c-44b0-9670-309c358201c0;oid=5fde8331-374a-4550-b1fa-b2bc8eb86a7c;iss=https://sts.windows.net/da427fed-0866-4706-809a-9d39896ddf3d/\r\n' +
          "Action: 'Microsoft.KeyVault/vaults/keys/sign/action'\r\n" +
          "Resource: '/subscriptions/ddef9bf9-11a6-4312-b654-31844030ad8a/resourcegroups/rg-cmk/providers/microsoft.keyvault/vaults/kv-cmk/keys/cmk-key'\r\n" +
          'Assignment: (not found)\r\n' +
          "DecisionReason: 'DeniedWithNoValidRBAC' \r\n" +
          'Vault: kv-cmk;location=eastus\r\n',
      },
    });
  });

  it('names the vault itself as the resource for a vault-wide operation', () => {
    const decision = evaluateRbac(input({ operation: 'listKeys', keyName: undefined, assignments: [] }));
    expect(decision.allowed === false && decision.denial.message).toContain(
      "Resource: '/subscriptions/ddef9bf9-11a6-4312-b654-31844030ad8a/resourcegroups/rg-cmk/providers/microsoft.keyvault/vaults/kv-cmk'\r\n",
    );
  });

  it('denies when there is no assignment, or only one for another principal', () => {
    expect(evaluateRbac(input({ assignments: [] })).allowed).toBe(false);
    expect(evaluateRbac(input({ assignments: [assignment({ principalId: 'someone-else' })] })).allowed).toBe(
      false,
    );
  });

  it('matches the principal id case-insensitively', () => {
    expect(evaluateRbac(input({ principalId: principalId.toUpperCase() })).allowed).toBe(true);
  });

  it('ignores a new assignment until the propagation delay has passed', () => {
    expect(evaluateRbac(input({ now: t0 + delay - 1 })).allowed).toBe(false);
    expect(evaluateRbac(input({ now: t0 + delay })).allowed).toBe(true);
  });

  it('keeps honouring a removed assignment until the propagation delay has passed', () => {
    const removedAt = t0 + 60 * 60_000;
    const assignments = [assignment({ removedAt })];
    expect(evaluateRbac(input({ assignments, now: removedAt + delay - 1 })).allowed).toBe(true);
    expect(evaluateRbac(input({ assignments, now: removedAt + delay })).allowed).toBe(false);
  });

  it('with no propagation delay, applies creation and removal at once', () => {
    const assignments = [assignment({ removedAt: t0 + 10 })];
    expect(evaluateRbac(input({ assignments, propagationDelayMs: 0, now: t0 - 1 })).allowed).toBe(false);
    expect(evaluateRbac(input({ assignments, propagationDelayMs: 0, now: t0 })).allowed).toBe(true);
    expect(evaluateRbac(input({ assignments, propagationDelayMs: 0, now: t0 + 10 })).allowed).toBe(false);
  });

  it('limits a key-scope assignment to that key (case-insensitively) and to nothing vault-wide', () => {
    const assignments = [assignment({ scope: { key: 'CMK-Key' } })];
    expect(evaluateRbac(input({ assignments })).allowed).toBe(true);
    expect(evaluateRbac(input({ assignments, keyName: 'other-key' })).allowed).toBe(false);
    expect(evaluateRbac(input({ assignments, operation: 'listKeys', keyName: undefined })).allowed).toBe(
      false,
    );
  });

  it('looks past an assignment that does not grant the action to one that does', () => {
    const assignments = [
      assignment({ id: 'reader', roleDefinitionId: builtInRoles.keyVaultReader.id }),
      assignment({ id: 'officer', roleDefinitionId: builtInRoles.keyVaultCryptoOfficer.id }),
    ];
    expect(evaluateRbac(input({ assignments, operation: 'rotateKey' }))).toMatchObject({
      allowed: true,
      assignmentId: 'officer',
    });
  });

  it('accepts full ARM role-definition ids', () => {
    const roleDefinitionId = `/subscriptions/ddef9bf9-11a6-4312-b654-31844030ad8a/providers/Microsoft.Authorization/roleDefinitions/${builtInRoles.keyVaultCryptoUser.id}`;
    expect(
      evaluateRbac(input({ assignments: [assignment({ roleDefinitionId })], operation: 'decrypt' })).allowed,
    ).toBe(true);
  });

  it('grants nothing through an unknown role, unless its definition is supplied', () => {
    const assignments = [assignment({ roleDefinitionId: 'custom-unwrapper' })];
    expect(evaluateRbac(input({ assignments })).allowed).toBe(false);
    const roleDefinitions = [
      {
        id: 'custom-unwrapper',
        roleName: 'Unwrapper',
        dataActions: ['Microsoft.KeyVault/vaults/keys/unwrap/action'],
        notDataActions: [],
      },
    ];
    expect(evaluateRbac(input({ assignments, roleDefinitions })).allowed).toBe(true);
  });

  it('denies Key Vault Contributor every data-plane operation', () => {
    const assignments = [assignment({ roleDefinitionId: builtInRoles.keyVaultContributor.id })];
    expect(evaluateRbac(input({ assignments, operation: 'getKey' })).allowed).toBe(false);
  });
});
