import type { Testbed } from '@cmk-testbed/shared';
import { type CmkWorld, cmkAccount, platformAccount } from '../support/cmk-world.js';
import type { LoadTarget } from './blob-load.js';
import { uniqueAccountName } from './unique-account-name.js';

/**
 * `cmk` accounts encrypted with the world's key and `platform` accounts with Microsoft-managed keys, in
 * `region`, each with one container.
 */
export async function createLoadTargets(
  tb: Testbed,
  world: CmkWorld,
  counts: { cmk: number; platform: number },
  region = 'eastus',
): Promise<LoadTarget[]> {
  const storage = tb.region(region).storage;
  const targets: LoadTarget[] = [];
  for (let i = 0; i < counts.cmk + counts.platform; i++) {
    const cmk = i < counts.cmk;
    const account = uniqueAccountName(cmk ? 'cmk' : 'mmk');
    await storage.createAccount(
      cmk ? cmkAccount(world, account, region) : platformAccount(world, account, region),
    );
    await storage.createContainer({ account, container: 'load' });
    targets.push({ account, container: 'load', keySource: cmk ? 'Microsoft.Keyvault' : 'Microsoft.Storage' });
  }
  return targets;
}
