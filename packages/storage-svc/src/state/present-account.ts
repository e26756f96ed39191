import type { StorageAccount } from '@cmk-testbed/shared';
import { accountResourceId } from './account-ids.js';
import type { StoredAccount } from './documents.js';

/** A stored account in ARM's shape (lowercase Key Vault property names, read-only fields filled in). */
export function presentAccount(a: StoredAccount): StorageAccount {
  const sys = a.identity.systemAssigned;
  const types = [
    sys ? 'SystemAssigned' : undefined,
    a.identity.userAssigned.length ? 'UserAssigned' : undefined,
  ].filter(Boolean);
  return {
    id: accountResourceId(a),
    name: a.name,
    location: a.location,
    kind: a.kind,
    identity: {
      type: types.length ? types.join(',') : 'None',
      ...(sys ? { principalId: sys.principalId, tenantId: sys.tenantId } : {}),
      ...(a.identity.userAssigned.length
        ? {
            userAssignedIdentities: Object.fromEntries(
              a.identity.userAssigned.map((u) => [
                u.id,
                { principalId: u.principalId, clientId: u.clientId },
              ]),
            ),
          }
        : {}),
    },
    properties: {
      provisioningState: 'Succeeded',
      encryption: {
        keySource: a.encryption.keySource,
        requireInfrastructureEncryption: a.encryption.requireInfrastructureEncryption,
        ...(a.encryption.keyvault ? { keyvaultproperties: a.encryption.keyvault } : {}),
        ...(a.encryption.identity ? { identity: a.encryption.identity } : {}),
        services: {
          blob: { enabled: true, keyType: 'Account' },
          file: { enabled: true, keyType: 'Account' },
          queue: { enabled: true, keyType: a.encryption.keyTypes.queue },
          table: { enabled: true, keyType: a.encryption.keyTypes.table },
        },
      },
    },
  };
}
