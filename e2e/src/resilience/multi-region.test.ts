import { connectTestbed, type Testbed } from '@cmk-testbed/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningTestbed } from '../drivers/driver.js';
import { pickDriver } from '../drivers/pick-driver.js';
import { cmkAccount, createCmkWorld, platformAccount } from '../support/cmk-world.js';
import { sha256 } from './blob-load.js';
import { serverNamesByUrl } from './server-names-by-url.js';
import { superclusterTopologyYaml } from './supercluster-topology.js';
import { uniqueAccountName } from './unique-account-name.js';
import { processNamed, waitForProcess } from './wait-for-process.js';

// Past the storage nodes' key cache TTL (PT10M by default), so every node asks its vault again.
const pastKeyCacheTtl = 'PT11M';

/** `readable` or `<status> <code>`: what a read came to, in a form a failed poll prints clearly. */
const outcome = (call: Promise<unknown>) =>
  call.then(
    () => 'readable',
    (e: { status?: number; code?: string }) => `${e.status} ${e.code}`,
  );

describe('a two-region supercluster: 3 nats-servers per region, JetStream R3', () => {
  const suiteStartedAt = Date.now();
  let t: RunningTestbed | undefined;
  let tb: Testbed;

  beforeAll(async () => {
    const driver = await pickDriver();
    console.log(`e2e driver: ${driver.name} (${driver.reason})`);
    const startedAt = Date.now();
    t = await driver.start({ label: 'multi-region', topologyYaml: superclusterTopologyYaml });
    tb = t.tb;
    const processes = await t.processes();
    console.log(
      `supercluster ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${processes.length} processes (${processes.filter((p) => p.kind === 'nats-server').length} nats-servers)`,
    );
    await tb.chaos.reset({});
    // Gateway interest spreads asynchronously: wait until this client reaches every regional service.
    for (const region of ['eastus', 'westeurope']) {
      const { keyvault, storage } = tb.region(region);
      await vi.waitFor(() => Promise.all([keyvault.health({}), storage.health({})]), {
        timeout: 30_000,
        interval: 100,
      });
    }
  }, 180_000);

  afterEach(async () => {
    await tb?.chaos.reset({});
  });

  afterAll(async () => {
    await t?.stop();
    console.log(`multi-region wall time: ${((Date.now() - suiteStartedAt) / 1000).toFixed(1)} s`);
  });

  it('encrypts an account in eastus with a key from a vault in westeurope', async () => {
    const world = await createCmkWorld(tb, { name: 'xregion', vaultRegion: 'westeurope' });
    const account = uniqueAccountName('xregion');
    const created = await tb.storage.createAccount(cmkAccount(world, account, 'eastus'));
    expect(created).toMatchObject({
      location: 'eastus',
      properties: { encryption: { keySource: 'Microsoft.Keyvault' } },
    });
    await tb.storage.createContainer({ account, container: 'data' });
    await tb.storage.putBlob({ account, container: 'data', blob: 'b1', body: 'across the ocean' });
    const got = await tb.storage.getBlob({ account, container: 'data', blob: 'b1' });
    expect(Buffer.from(got.body).toString()).toBe('across the ocean');
  });

  it('a partition between the regions turns the eastus account to 403 KeyVaultVaultNotFound after the key cache TTL, and healing it restores access', async () => {
    const world = await createCmkWorld(tb, { name: 'partition', vaultRegion: 'westeurope' });
    const account = uniqueAccountName('partition');
    await tb.storage.createAccount(cmkAccount(world, account, 'eastus'));
    await tb.storage.createContainer({ account, container: 'data' });
    await tb.storage.putBlob({ account, container: 'data', blob: 'b1', body: 'kept' });
    const read = () => tb.storage.getBlob({ account, container: 'data', blob: 'b1' });

    const fault = await tb.chaos.inject({
      kind: 'region-partition',
      target: { regions: ['eastus', 'westeurope'] },
    });
    // The unwrapped account key is cached: the partition is not felt until the cache asks the vault again.
    expect(await outcome(read())).toBe('readable');
    await tb.clock.advance({ by: pastKeyCacheTtl });
    await expect.poll(() => outcome(read()), { timeout: 15_000 }).toBe('403 KeyVaultVaultNotFound');
    await expect(
      tb.storage.putBlob({ account, container: 'data', blob: 'b2', body: 'refused' }),
    ).rejects.toMatchObject({ status: 403, code: 'KeyVaultVaultNotFound' });
    // Operations that do not need the account key proceed during the partition, as in Azure.
    expect((await tb.storage.listBlobs({ account, container: 'data' })).blobs.map((b) => b.name)).toEqual([
      'b1',
    ]);

    await tb.chaos.clear({ faultId: fault.faultId });
    await tb.clock.advance({ by: pastKeyCacheTtl });
    await expect.poll(() => outcome(read()), { timeout: 15_000 }).toBe('readable');
    expect(Buffer.from((await read()).body).toString()).toBe('kept');
  });

  it('killing one nats-server of the eastus cluster loses no data and every client reconnects', async () => {
    const world = await createCmkWorld(tb, { name: 'natskill', vaultRegion: 'eastus' });
    const accounts = [uniqueAccountName('natskillcmk'), uniqueAccountName('natskillmmk')];
    await tb.storage.createAccount(cmkAccount(world, accounts[0]!, 'eastus'));
    await tb.storage.createAccount(platformAccount(world, accounts[1]!, 'eastus'));

    // The victim carries a client of this test (connected to it alone; it finds the other eastus servers
    // through the cluster), but not the driver's own connection: a kill reply routed through the dying
    // server would be lost on the way, which is not what this test is about.
    const urls = [...(await serverNamesByUrl(t!.natsUrl))];
    const driverServer = tb.nc.info?.server_name;
    const [victimUrl, victim] = urls.find(
      ([, name]) => name.startsWith('nats-eastus-') && name !== driverServer,
    )!;
    const eastus = await connectTestbed(victimUrl, { timeoutMs: 5_000, instance: 'e2e-eastus' });
    try {
      expect(eastus.nc.info?.server_name).toBe(victim);
      const written: { account: string; blob: string; sha256: string }[] = [];
      // Every attempt writes a blob of its own: a put that timed out may still land, and must not be mistaken
      // for the one that was acknowledged.
      let attempt = 0;
      const write = async (account: string, name: string) => {
        const blob = `${name}-${attempt++}`;
        const body = Buffer.from(`${account}/${blob}`);
        await eastus.storage.putBlob({ account, container: 'data', blob, body });
        written.push({ account, blob, sha256: sha256(body) });
      };
      const readAll = async () => {
        for (const w of written) {
          const got = await eastus.storage.getBlob({ account: w.account, container: 'data', blob: w.blob });
          if (sha256(got.body) !== w.sha256) return `${w.account}/${w.blob} has other content`;
        }
        return 'all readable';
      };
      for (const account of accounts) {
        await eastus.storage.createContainer({ account, container: 'data' });
        for (let i = 0; i < 10; i++) await write(account, `before-${i}`);
      }

      const before = processNamed(await t!.processes(), victim);
      await t!.kill(victim);
      await waitForProcess(t!, victim, { state: 'killed' });
      await expect.poll(() => eastus.nc.info?.server_name, { timeout: 30_000 }).not.toBe(victim);
      await expect
        .poll(() => readAll().catch((e: Error) => e.message), { timeout: 30_000 })
        .toBe('all readable');
      for (const account of accounts) {
        await expect
          .poll(
            () =>
              write(account, 'during').then(
                () => 'written',
                (e: Error) => e.message,
              ),
            { timeout: 30_000 },
          )
          .toBe('written');
      }

      await t!.restart(victim);
      await waitForProcess(t!, victim, { state: 'running', restarts: before.restarts + 1 });
      for (const account of accounts) await write(account, 'after');
      expect(await readAll()).toBe('all readable');
    } finally {
      await eastus.close();
    }
  });
});
