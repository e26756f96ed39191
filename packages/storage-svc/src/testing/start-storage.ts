import {
  ClockStore,
  type ContractClient,
  client,
  entraContract,
  keyvaultContract,
  type Runtime,
  type ServedService,
  startRuntime,
  storageContract,
  TestbedClock,
} from '@cmk-testbed/shared';
import {
  type NatsServerHandle,
  type SpawnedService,
  startNatsServer,
  startPeers,
} from '@cmk-testbed/shared/testing';
import { loadConfig, type StorageEnv } from '../config.js';
import { startStorageService } from '../service.js';
import { servicePeers } from './service-peers.js';

export interface StorageUnderTest {
  server: NatsServerHandle;
  runtime: Runtime<StorageEnv>;
  entra: ContractClient<typeof entraContract>;
  keyvault: ContractClient<typeof keyvaultContract>;
  storage: ContractClient<typeof storageContract>;
  advance(ms: number): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * A real nats-server, real entra-svc and keyvault-svc (eastus) processes, and a storage node for eastus in
 * this process.
 */
export async function startStorage(
  env: Record<string, string> = {},
  vaultRegions: readonly string[] = ['eastus'],
  keyvaultEnv: Record<string, string> = {},
): Promise<StorageUnderTest> {
  const server = await startNatsServer();
  const children: SpawnedService[] = [];
  let runtime: Runtime<StorageEnv> | undefined;
  let served: ServedService[] = [];
  let clock: TestbedClock | undefined;
  const dispose = async () => {
    clock?.stop();
    for (const s of served) await s.stop();
    await runtime?.close();
    for (const child of children) await child[Symbol.asyncDispose]();
    await server.stop();
  };
  try {
    // The other services' real programs, as child processes: services never import each other.
    children.push(...(await startPeers(server.url, servicePeers({ vaultRegions, keyvaultEnv }))));
    runtime = await startRuntime(
      'storage',
      loadConfig({
        NATS_URL: server.url,
        CMK_INSTANCE: 'storage-eastus-1',
        CMK_REGION: 'eastus',
        LOG_LEVEL: 'silent',
        CMK_EGRESS_IP: '10.1.0.1',
        ...env,
      }),
    );
    served = await startStorageService(runtime);
    clock = await TestbedClock.start(runtime.nc);
    const clockStore = await ClockStore.open(runtime.nc);
    const rt = runtime;
    const callerClock = clock;
    const caller = { service: 'test', instance: 'test', region: 'eastus' };
    return {
      server,
      runtime: rt,
      entra: client(rt.nc, entraContract, { caller, clock: callerClock }),
      keyvault: client(rt.nc, keyvaultContract, { caller, region: 'eastus', clock: callerClock }),
      storage: client(rt.nc, storageContract, {
        caller,
        region: 'eastus',
        clock: callerClock,
        timeoutMs: 10_000,
      }),
      async advance(ms) {
        const { revision } = await clockStore.advance(ms);
        callerClock.observeRevision(revision);
        await rt.clock.waitForRevision(revision, 5000);
      },
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}
