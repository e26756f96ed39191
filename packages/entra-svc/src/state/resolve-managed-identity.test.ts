import type { Subscription, SystemAssignedIdentity, UserAssignedIdentity } from '@cmk-testbed/shared';
import { describe, expect, it } from 'vitest';
import { type IdentityFacts, resolveManagedIdentity } from './resolve-managed-identity.js';

const sub = 'aaaaaaaa-0000-0000-0000-000000000001';
const host = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct`;
const subscription: Subscription = { subscriptionId: sub, tenantId: 't1', displayName: 's' };
const sami: SystemAssignedIdentity = {
  resourceId: host,
  tenantId: 't1',
  principalId: 'p-sys',
  clientId: 'c-sys',
  createdAt: 0,
};
const uami: UserAssignedIdentity = {
  id: `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u1`,
  name: 'u1',
  resourceGroup: 'rg',
  subscriptionId: sub,
  tenantId: 't1',
  principalId: 'p-u1',
  clientId: 'c-u1',
  createdAt: 0,
};

const facts = (over: Partial<IdentityFacts> = {}): IdentityFacts => ({
  hostResourceId: host,
  selector: undefined,
  systemAssigned: sami,
  attached: [uami],
  attachedIds: [uami.id],
  subscriptions: new Map([[sub, subscription]]),
  ...over,
});

describe('resolveManagedIdentity', () => {
  it('uses the system-assigned identity when no identity is named', () => {
    expect(resolveManagedIdentity(facts())).toEqual({
      tenantId: 't1',
      principalId: 'p-sys',
      clientId: 'c-sys',
      resourceId: host,
    });
  });

  it('picks an attached user-assigned identity by client id, principal id or resource id (any case)', () => {
    for (const selector of [
      { clientId: 'c-u1' },
      { principalId: 'p-u1' },
      { identityId: uami.id.toUpperCase() },
    ]) {
      expect(resolveManagedIdentity(facts({ selector })).principalId).toBe('p-u1');
    }
  });

  it('says why no identity can be used', () => {
    expect(() => resolveManagedIdentity(facts({ systemAssigned: undefined }))).toThrow(
      /has no system-assigned identity/,
    );
    expect(() => resolveManagedIdentity(facts({ selector: { clientId: 'nope' } }))).toThrow(
      /no user-assigned identity 'nope' is attached/,
    );
    expect(() => resolveManagedIdentity(facts({ selector: { identityId: uami.id }, attached: [] }))).toThrow(
      /was deleted/,
    );
  });

  it('refuses identities whose subscription moved to another tenant', () => {
    const moved = new Map([[sub, { ...subscription, tenantId: 't2' }]]);
    expect(() => resolveManagedIdentity(facts({ subscriptions: moved }))).toThrow(
      /moved to tenant t2.*disable and re-enable/,
    );
    expect(() =>
      resolveManagedIdentity(facts({ subscriptions: moved, selector: { clientId: 'c-u1' } })),
    ).toThrow(/re-attach/);
  });
});
