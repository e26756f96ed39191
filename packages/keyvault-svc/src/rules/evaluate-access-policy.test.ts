import { describe, expect, it } from 'vitest';
import {
  type AccessPolicyInput,
  evaluateAccessPolicy,
  type KeyVaultAccessPolicy,
} from './evaluate-access-policy.js';

const tenantId = 'da427fed-0866-4706-809a-9d39896ddf3d';
const oid = '600a3bc8-7e2c-44e5-8a27-18c3eb963060';
const appid = 'b84e06d3-aba1-4bcc-9626-2e0d76cba2ce';

function policy(keys: string[], partial: Partial<KeyVaultAccessPolicy> = {}): KeyVaultAccessPolicy {
  return { tenantId, objectId: oid, permissions: { keys }, ...partial };
}

function input(partial: Partial<AccessPolicyInput> = {}): AccessPolicyInput {
  return {
    operation: 'unwrapKey',
    caller: { appid, oid, iss: `https://sts.windows.net/${tenantId}/` },
    vaultName: 'kv-cmk',
    vaultLocation: 'westeurope',
    policies: [policy(['get', 'wrapKey', 'unwrapKey'])],
    ...partial,
  };
}

describe('evaluateAccessPolicy', () => {
  it('allows what the Storage CMK policy (get, wrapKey, unwrapKey) grants', () => {
    for (const operation of ['getKey', 'wrapKey', 'unwrapKey'] as const) {
      expect(evaluateAccessPolicy(input({ operation }))).toEqual({ allowed: true });
    }
  });

  it('denies a missing permission with the exact Azure message, spelling the permission as the API does', () => {
    expect(evaluateAccessPolicy(input({ policies: [policy(['get'])] }))).toEqual({
      allowed: false,
      denial: {
        status: 403,
        code: 'Forbidden',
        innerCode: 'ForbiddenByPolicy',
        message:
          `The user, group or application 'appid=${appid};oid=${oid};iss=https://sts.windows.net/${tenantId}/' ` +
          "does not have keys unwrapKey permission on key vault 'kv-cmk;location=westeurope'. " +
          'For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287',
      },
    });
  });

  it('names the access-policy permission, not the operation, in the denial', () => {
    const decision = evaluateAccessPolicy(input({ operation: 'updateKeyRotationPolicy' }));
    expect(decision.allowed === false && decision.denial.message).toContain(
      'does not have keys setrotationpolicy permission',
    );
  });

  it('compares permission names case-insensitively', () => {
    expect(evaluateAccessPolicy(input({ policies: [policy(['UNWRAPKEY'])] })).allowed).toBe(true);
    expect(
      evaluateAccessPolicy(
        input({ policies: [policy(['GetRotationPolicy'])], operation: 'getKeyRotationPolicy' }),
      ).allowed,
    ).toBe(true);
  });

  it('lets `all` grant every key operation', () => {
    expect(
      evaluateAccessPolicy(input({ policies: [policy(['All'])], operation: 'purgeDeletedKey' })).allowed,
    ).toBe(true);
  });

  it('ignores entries for another object id or another tenant', () => {
    expect(evaluateAccessPolicy(input({ policies: [policy(['all'], { objectId: 'other' })] })).allowed).toBe(
      false,
    );
    expect(
      evaluateAccessPolicy(
        input({ policies: [policy(['all'], { tenantId: '11111111-1111-1111-1111-111111111111' })] }),
      ).allowed,
    ).toBe(false);
  });

  it('prefers the tid claim over the issuer for the tenant', () => {
    const other = '11111111-1111-1111-1111-111111111111';
    const caller = { appid, oid, iss: `https://sts.windows.net/${tenantId}/`, tid: other };
    expect(evaluateAccessPolicy(input({ caller })).allowed).toBe(false);
    expect(
      evaluateAccessPolicy(input({ caller, policies: [policy(['unwrapKey'], { tenantId: other })] })).allowed,
    ).toBe(true);
  });

  it('matches on object id alone when the tenant cannot be told from the token', () => {
    const caller = { appid, oid: oid.toUpperCase(), iss: 'https://issuer.example/' };
    expect(evaluateAccessPolicy(input({ caller })).allowed).toBe(true);
  });

  it('merges the permissions of several entries for the same principal', () => {
    const policies = [policy(['get']), policy(['unwrapKey'])];
    expect(evaluateAccessPolicy(input({ policies })).allowed).toBe(true);
  });

  it('applies a compound-identity entry only to its application', () => {
    const policies = [policy(['unwrapKey'], { applicationId: 'another-app' })];
    expect(evaluateAccessPolicy(input({ policies })).allowed).toBe(false);
    expect(
      evaluateAccessPolicy(input({ policies: [policy(['unwrapKey'], { applicationId: appid })] })).allowed,
    ).toBe(true);
  });
});
