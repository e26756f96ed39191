import { fileURLToPath } from 'node:url';
import {
  type ContractClient,
  chaosContract,
  client,
  clockContract,
  entraContract,
  KvDocuments,
  keyvaultContract,
  openStateBucket,
  storageContract,
  TestbedClock,
  testbedContract,
} from '@cmk-testbed/shared';
import { type NatsServerHandle, startNatsServer } from '@cmk-testbed/shared/testing';
import { connect, type NatsConnection } from 'nats';
import { type StoredFault, storedFaultSchema } from '../faults/stored-fault.js';
import { chaosBucketName } from '../service.js';
import { type ChildSpec, StandInSupervisor } from './stand-in-supervisor.js';

const main = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Token lifetime in these tests: short, so identity faults reach storage after one clock move. */
const tokenLifetime = 'PT1H';
const hour = 3_600_000;

export interface FaultWorld {
  server: NatsServerHandle;
  nc: NatsConnection;
  supervisor: StandInSupervisor;
  entra: ContractClient<typeof entraContract>;
  keyvault: ContractClient<typeof keyvaultContract>;
  storage: ContractClient<typeof storageContract>;
  chaos: ContractClient<typeof chaosContract>;
  clock: ContractClient<typeof clockContract>;
  testbed: ContractClient<typeof testbedContract>;
  /** The controller's own records (phases, undo records), for the crash tests. */
  faults: KvDocuments<StoredFault>;
  /** The test's view of the testbed clock. */
  now(): number;
  advance(ms: number): Promise<void>;
  /** Moves the testbed clock past the storage nodes' key cache TTL and the tokens' lifetime. */
  expireCaches(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * A real nats-server and real entra-svc, keyvault-svc (eastus), storage-svc (eastus) and chaos controller
 * processes run from source under a stand-in supervisor (which also serves the testbed contract, so process
 * faults work), with clients for the test. Every process is named as in the default topology.
 */
export async function startFaultWorld(): Promise<FaultWorld> {
  const server = await startNatsServer();
  let nc: NatsConnection | undefined;
  let clock: TestbedClock | undefined;
  let supervisor: StandInSupervisor | undefined;
  const dispose = async () => {
    await supervisor?.stop();
    clock?.stop();
    await nc?.close();
    await server.stop();
  };
  try {
    nc = await connect({ servers: server.url });
    clock = await TestbedClock.start(nc);
    supervisor = await StandInSupervisor.start(nc, server.url, clock, children());
    const callerClock = clock;
    const caller = { service: 'test', instance: 'test', region: 'eastus' };
    const make = <C extends Parameters<typeof client>[1]>(contract: C, timeoutMs = 10_000) =>
      client(nc!, contract, { caller, region: 'eastus', clock: callerClock, timeoutMs });
    const clockClient = make(clockContract);
    const advance = async (ms: number) => {
      await clockClient.advance({ by: ms });
    };
    const faults = new KvDocuments<StoredFault>(
      await openStateBucket(nc, chaosBucketName),
      'fault',
      storedFaultSchema,
    );
    return {
      server,
      nc,
      supervisor,
      entra: make(entraContract),
      keyvault: make(keyvaultContract),
      storage: make(storageContract),
      // Semantic faults look around the whole testbed before acting: give them time.
      chaos: make(chaosContract, 30_000),
      clock: clockClient,
      testbed: make(testbedContract, 30_000),
      faults,
      now: () => callerClock.now(),
      advance,
      expireCaches: () => advance(2 * hour),
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

function children(): ChildSpec[] {
  return [
    {
      name: 'entra-1',
      kind: 'entra',
      region: 'global',
      mainTs: main('../../../entra-svc/src/main.ts'),
      serviceName: entraContract.serviceName,
      env: { CMK_ENTRA_TOKEN_LIFETIME: tokenLifetime },
    },
    {
      name: 'keyvault-eastus-1',
      kind: 'keyvault',
      region: 'eastus',
      mainTs: main('../../../keyvault-svc/src/main.ts'),
      serviceName: keyvaultContract.serviceName,
      env: {},
    },
    {
      name: 'storage-eastus-1',
      kind: 'storage',
      region: 'eastus',
      mainTs: main('../../../storage-svc/src/main.ts'),
      serviceName: storageContract.serviceName,
      env: { CMK_EGRESS_IP: '10.1.0.1' },
    },
    {
      name: 'chaos-1',
      kind: 'chaos',
      region: 'global',
      mainTs: main('../main.ts'),
      serviceName: chaosContract.serviceName,
      env: {},
    },
  ];
}
