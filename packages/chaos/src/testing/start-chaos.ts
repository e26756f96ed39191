import { type Runtime, type ServedService, startRuntime, TestbedClock } from '@cmk-testbed/shared';
import { type NatsServerHandle, startNatsServer } from '@cmk-testbed/shared/testing';
import { startChaosService } from '../service.js';

export interface ChaosUnderTest {
  server: NatsServerHandle;
  /** The controller's runtime: its fault engine sees every rule the controller writes. */
  runtime: Runtime;
  served: ServedService[];
  /** A caller's clock, so test clients observe the time the controller sets. */
  callerClock: TestbedClock;
  close(): Promise<void>;
}

/** A nats-server and the chaos controller in this process, for the controller's own tests. */
export async function startChaos(): Promise<ChaosUnderTest> {
  const server = await startNatsServer();
  const runtime = await startRuntime('chaos', {
    NATS_URL: [server.url],
    CMK_INSTANCE: 'chaos-1',
    CMK_REGION: 'eastus',
    CMK_EGRESS_IP: '198.51.100.1',
    LOG_LEVEL: 'silent',
    CMK_SUPERVISED: '0',
    CMK_DEFAULT_TIMEOUT_MS: 5000,
    CMK_JS_REPLICAS: 1,
  });
  const served = await startChaosService(runtime);
  const callerClock = await TestbedClock.start(runtime.nc);
  return {
    server,
    runtime,
    served,
    callerClock,
    close: async () => {
      callerClock.stop();
      for (const s of served) await s.stop();
      await runtime.close();
      await server.stop();
    },
  };
}
