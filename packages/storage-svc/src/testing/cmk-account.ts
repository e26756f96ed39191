import type { RequestOf, storageContract } from '@cmk-testbed/shared';
import type { cmkWorld } from './cmk-world.js';

type World = Awaited<ReturnType<typeof cmkWorld>>;

/**
 * The createAccount request of the seeds' setup: CMK at creation with the world's user-assigned identity, on the
 * world's key `cmk` unless another key of its vault is named.
 */
export function cmkAccount(
  world: World,
  name: string,
  options: { keyname?: string; keyversion?: string; keyType?: 'Account' | 'Service' } = {},
): RequestOf<typeof storageContract, 'createAccount'> {
  return {
    name,
    subscriptionId: world.subscription.subscriptionId,
    location: 'eastus',
    identity: { type: 'UserAssigned', userAssignedIdentities: { [world.uami.id]: {} } },
    properties: {
      encryption: {
        keySource: 'Microsoft.Keyvault',
        keyvaultproperties: {
          keyvaulturi: world.vaultUri,
          keyname: options.keyname ?? 'cmk',
          ...(options.keyversion ? { keyversion: options.keyversion } : {}),
        },
        identity: { userAssignedIdentity: world.uami.id },
        ...(options.keyType
          ? { services: { queue: { keyType: options.keyType }, table: { keyType: options.keyType } } }
          : {}),
      },
    },
  };
}
