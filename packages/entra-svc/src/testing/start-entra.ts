import {
  ClockStore,
  type ContractClient,
  client,
  entraContract,
  type Runtime,
  type ServedService,
  startRuntime,
  TestbedClock,
} from '@cmk-testbed/shared';
import { type NatsServerHandle, startNatsServer } from '@cmk-testbed/shared/testing';
import { type EntraEnv, loadConfig } from '../config.js';
import { startEntraService } from '../service.js';

export interface EntraUnderTest {
  server: NatsServerHandle;
  runtime: Runtime<EntraEnv>;
  entra: ContractClient<typeof entraContract>;
  /** Moves the testbed clock; the next request, and this process's clocks, already see the new time. */
  advance(ms: number): Promise<void>;
  dispose(): Promise<void>;
}

/** A real nats-server and entra-svc served in this process, with a client that follows the testbed clock. */
export async function startEntra(env: Record<string, string> = {}): Promise<EntraUnderTest> {
  const server = await startNatsServer();
  const runtime = await startRuntime(
    'entra',
    loadConfig({
      NATS_URL: server.url,
      CMK_INSTANCE: 'entra-1',
      CMK_REGION: 'global',
      LOG_LEVEL: 'silent',
      ...env,
    }),
  );
  let served: ServedService[] = [];
  let callerClock: TestbedClock | undefined;
  try {
    served = await startEntraService(runtime);
    callerClock = await TestbedClock.start(runtime.nc);
    const clockStore = await ClockStore.open(runtime.nc);
    const clock = callerClock;
    return {
      server,
      runtime,
      entra: client(runtime.nc, entraContract, {
        caller: { service: 'test', instance: 'test', region: 'eastus' },
        clock,
      }),
      async advance(ms) {
        const { revision } = await clockStore.advance(ms);
        clock.observeRevision(revision);
        // Tests also read the service's own clock directly (to verify tokens), so it must have caught up too.
        await runtime.clock.waitForRevision(revision, 5000);
      },
      async dispose() {
        clock.stop();
        for (const s of served) await s.stop();
        await runtime.close();
        await server.stop();
      },
    };
  } catch (error) {
    callerClock?.stop();
    for (const s of served) await s.stop();
    await runtime.close();
    await server.stop();
    throw error;
  }
}
