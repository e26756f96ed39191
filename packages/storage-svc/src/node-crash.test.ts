import { client, entraContract, keyvaultContract, storageContract } from '@cmk-testbed/shared';
import {
  type NatsServerHandle,
  type SpawnedService,
  startNatsServer,
  startPeers,
} from '@cmk-testbed/shared/testing';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmkAccount } from './testing/cmk-account.js';
import { cmkWorld } from './testing/cmk-world.js';
import { servicePeers } from './testing/service-peers.js';

describe('a storage node killed with SIGKILL in the middle of writes', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  let processes: SpawnedService[] = [];

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    processes = await startPeers(
      server.url,
      servicePeers({ storageNodes: ['storage-eastus-1', 'storage-eastus-2'] }),
    );
  }, 90_000);

  afterAll(async () => {
    for (const p of processes) await p[Symbol.asyncDispose]();
    await nc?.close();
    await server?.stop();
  });

  it('loses no acknowledged write, and the other node of the region serves the account', async () => {
    const caller = { service: 'test', instance: 'test', region: 'eastus' };
    const entra = client(nc, entraContract, { caller });
    const keyvault = client(nc, keyvaultContract, { caller, region: 'eastus' });
    const storage = client(nc, storageContract, { caller, region: 'eastus', timeoutMs: 3000 });
    const world = await cmkWorld(entra, keyvault, 'crash');
    await storage.createAccount(cmkAccount(world, 'crashacct'));
    await storage.createContainer({ account: 'crashacct', container: 'data' });

    const acknowledged: string[] = [];
    const failed: string[] = [];
    let next = 0;
    const writer = async () => {
      while (next < 300) {
        const name = `blob-${next++}`;
        try {
          await storage.putBlob({
            account: 'crashacct',
            container: 'data',
            blob: name,
            body: `content of ${name}`,
          });
          acknowledged.push(name);
        } catch {
          failed.push(name);
        }
      }
    };
    const writers = Promise.all(Array.from({ length: 8 }, writer));
    await expect.poll(() => acknowledged.length, { timeout: 20_000 }).toBeGreaterThan(50);
    processes[2]!.child.kill('SIGKILL');
    await writers;

    expect(acknowledged.length).toBeGreaterThan(200);
    for (const name of acknowledged) {
      const got = await storage.getBlob({ account: 'crashacct', container: 'data', blob: name });
      expect(Buffer.from(got.body).toString()).toBe(`content of ${name}`);
    }
    // Only requests in flight on the killed node may fail; none after it is gone.
    expect(failed.length).toBeLessThanOrEqual(8);
    expect((await storage.health({})).instance).toBe('storage-eastus-2');
  }, 90_000);
});
