import { fileURLToPath } from 'node:url';
import {
  ClockStore,
  type ContractClient,
  client,
  entraContract,
  keyvaultContract,
  type NetworkOrigin,
  type Runtime,
  TestbedClock,
} from '@cmk-testbed/shared';
import {
  type NatsServerHandle,
  type SpawnedService,
  startNatsServer,
  startPeers,
} from '@cmk-testbed/shared/testing';
import type { KeyvaultEnv } from '../config.js';
import { type RegionUnderTest, startRegion } from './start-region.js';

/** entra-svc's real program, run as a child process: services never import each other. */
const entraMain = fileURLToPath(new URL('../../../entra-svc/src/main.ts', import.meta.url));

export interface KeyvaultUnderTest {
  server: NatsServerHandle;
  runtime: Runtime<KeyvaultEnv>;
  entra: ContractClient<typeof entraContract>;
  /** A keyvault client for eastus; `origin` sets the caller's network origin (the firewall's input). */
  keyvault(origin?: NetworkOrigin): ContractClient<typeof keyvaultContract>;
  advance(ms: number): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * A real nats-server, a real entra-svc process issuing real tokens, and keyvault-svc for eastus served in this
 * process (so tests can read its clock and state directly).
 */
export async function startKeyvault(env: Record<string, string> = {}): Promise<KeyvaultUnderTest> {
  const server = await startNatsServer();
  let entraProcess: SpawnedService | undefined;
  let region: RegionUnderTest | undefined;
  let clock: TestbedClock | undefined;
  const dispose = async () => {
    clock?.stop();
    await region?.dispose();
    await entraProcess?.[Symbol.asyncDispose]();
    await server.stop();
  };
  try {
    [entraProcess] = await startPeers(server.url, [
      {
        mainTs: entraMain,
        serviceName: entraContract.serviceName,
        instance: 'entra-1',
        env: { CMK_REGION: 'global' },
      },
    ]);
    region = await startRegion(server.url, 'eastus', env);
    const rt = region.runtime;
    clock = await TestbedClock.start(rt.nc);
    const clockStore = await ClockStore.open(rt.nc);
    const callerClock = clock;
    const caller = { service: 'test', instance: 'test', region: 'eastus' };
    return {
      server,
      runtime: rt,
      entra: client(rt.nc, entraContract, { caller, clock: callerClock }),
      keyvault: (origin) =>
        client(rt.nc, keyvaultContract, { caller, region: 'eastus', clock: callerClock, origin }),
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
