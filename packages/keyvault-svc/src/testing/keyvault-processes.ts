import { fileURLToPath } from 'node:url';
import { entraContract, keyvaultContract } from '@cmk-testbed/shared';
import {
  type NatsServerHandle,
  pingInstances,
  type SpawnedService,
  spawnService,
  startNatsServer,
} from '@cmk-testbed/shared/testing';
import { connect, type NatsConnection } from 'nats';
import { expect, vi } from 'vitest';

const keyvaultMain = fileURLToPath(new URL('../main.ts', import.meta.url));
const entraMain = fileURLToPath(new URL('../../../entra-svc/src/main.ts', import.meta.url));

/**
 * A real nats-server with entra-svc and keyvault-svc replicas of eastus as real child processes (their
 * `main.ts` through tsx), for the suites that kill, restart or race replicas. `processes` holds entra-1 first,
 * then every replica in start order, so a suite can SIGKILL one by index.
 */
export class KeyvaultProcesses {
  readonly processes: SpawnedService[] = [];

  private constructor(
    readonly server: NatsServerHandle,
    readonly nc: NatsConnection,
    private readonly keyvaultEnv: Record<string, string>,
  ) {}

  /**
   * Starts entra-1 and `keyvault-eastus-<n>` for each n (with `keyvaultEnv` on top of their environment, for
   * this and every later replica), and waits until all of them answer `$SRV.PING`.
   */
  static async start(
    replicas: readonly number[],
    keyvaultEnv: Record<string, string> = {},
  ): Promise<KeyvaultProcesses> {
    const server = await startNatsServer();
    const world = new KeyvaultProcesses(server, await connect({ servers: server.url }), keyvaultEnv);
    world.processes.push(
      spawnService(entraMain, {
        NATS_URL: server.url,
        CMK_INSTANCE: 'entra-1',
        CMK_REGION: 'global',
        LOG_LEVEL: 'warn',
      }),
    );
    for (const n of replicas) world.replica(n);
    await world.ready(entraContract.serviceName, ['entra-1']);
    await world.ready(
      keyvaultContract.serviceName,
      replicas.map((n) => `keyvault-eastus-${n}`),
    );
    return world;
  }

  /** Starts one more replica, `keyvault-eastus-<n>`; wait for it with `ready`. */
  replica(n: number): SpawnedService {
    const spawned = spawnService(keyvaultMain, {
      NATS_URL: this.server.url,
      CMK_INSTANCE: `keyvault-eastus-${n}`,
      CMK_REGION: 'eastus',
      LOG_LEVEL: 'warn',
      ...this.keyvaultEnv,
    });
    this.processes.push(spawned);
    return spawned;
  }

  /** Waits until exactly these instances of a service answer `$SRV.PING`. */
  ready(serviceName: string, instances: readonly string[]): Promise<void> {
    return vi.waitFor(
      async () =>
        expect((await pingInstances(this.server.url, serviceName)).sort()).toEqual([...instances].sort()),
      { timeout: 30_000, interval: 100 },
    );
  }

  async dispose(): Promise<void> {
    for (const p of this.processes) await p[Symbol.asyncDispose]();
    await this.nc.close().catch(() => {});
    await this.server.stop();
  }
}
