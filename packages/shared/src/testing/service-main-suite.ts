import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commonOperations } from '../contracts/common.js';
import { client } from '../rpc/client.js';
import type { Contract } from '../rpc/contract.js';
import { type NatsServerHandle, startNatsServer } from './nats-server.js';
import { pingInstances, spawnService } from './spawn-service.js';

/**
 * The life-cycle checks every service's `main.ts` must pass, run against the real program in a child process:
 * it starts from its environment, answers `$SRV.PING` and `health`, stops cleanly on SIGTERM, and refuses a
 * bad configuration with a message naming the variable.
 */
export function describeServiceMain(options: { mainTs: string; contract: Contract; region: string }): void {
  const { mainTs, contract, region } = options;
  const instance = `${contract.service}-${region}-1`;

  describe(`${contract.service}-svc main`, () => {
    let server: NatsServerHandle;

    beforeAll(async () => {
      server = await startNatsServer();
    });

    afterAll(async () => {
      await server?.stop();
    });

    it('serves health on the bus, answers $SRV.PING, and exits 0 on SIGTERM', async () => {
      await using svc = spawnService(mainTs, {
        NATS_URL: server.url,
        CMK_INSTANCE: instance,
        CMK_REGION: region,
        LOG_LEVEL: 'info',
      });
      await expect
        .poll(() => pingInstances(server.url, contract.serviceName), { timeout: 20_000, interval: 100 })
        .toContain(instance);
      const nc = await connect({ servers: server.url });
      try {
        const svcClient = client(
          nc,
          { ...contract, operations: commonOperations },
          {
            caller: { service: 'test', instance: 'test', region },
            region,
          },
        );
        await expect(svcClient.health({})).resolves.toMatchObject({ status: 'ok', instance, region });
      } finally {
        await nc.close();
      }
      expect(await svc.stop()).toBe(0);
      expect(svc.output()).toMatch(/shutting down/);
    });

    it('refuses a bad configuration, naming the variable', async () => {
      await using svc = spawnService(mainTs, {
        NATS_URL: server.url,
        CMK_INSTANCE: 'Not Valid',
        CMK_REGION: region,
      });
      expect(await svc.exited).toBe(1);
      expect(svc.output()).toMatch(/CMK_INSTANCE: .*got 'Not Valid'/);
    });
  });
}
