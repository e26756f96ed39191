import {
  AzureError,
  type HandlerTable,
  type ProcessInfo,
  type ServedService,
  serve,
  silentLogger,
  type TestbedClock,
  testbedContract,
} from '@cmk-testbed/shared';
import { pingInstances, type SpawnedService, spawnService } from '@cmk-testbed/shared/testing';
import type { NatsConnection } from 'nats';

export interface ChildSpec {
  name: string;
  kind: 'entra' | 'keyvault' | 'storage' | 'chaos';
  region: string;
  /** The service's real `main.ts` (run from source, so the test needs no build). */
  mainTs: string;
  /** Its services API name, to wait for on `$SRV.PING`. */
  serviceName: string;
  env: Record<string, string>;
}

interface Child {
  spec: ChildSpec;
  spawned: SpawnedService | undefined;
  state: ProcessInfo['state'];
  startedAt: number | null;
  restarts: number;
}

/**
 * The supervisor's testbed contract over real service processes, for the chaos controller's tests. The real
 * supervisor (packages/testbed) runs built `dist/main.js` files and depends on this package, so these tests
 * use this small stand-in: the same operations and the same 404 for an unknown name, acting on real children
 * with real signals (SIGKILL, SIGTERM, SIGSTOP, SIGCONT).
 */
export class StandInSupervisor {
  readonly #natsUrl: string;
  readonly #children: Child[];
  #served: ServedService | undefined;

  private constructor(natsUrl: string, specs: readonly ChildSpec[]) {
    this.#natsUrl = natsUrl;
    this.#children = specs.map((spec) => ({
      spec,
      spawned: undefined,
      state: 'starting',
      startedAt: null,
      restarts: 0,
    }));
  }

  /** Starts every child, waits until each answers `$SRV.PING`, then serves the testbed contract on `nc`. */
  static async start(
    nc: NatsConnection,
    natsUrl: string,
    clock: TestbedClock,
    specs: readonly ChildSpec[],
  ): Promise<StandInSupervisor> {
    const supervisor = new StandInSupervisor(natsUrl, specs);
    try {
      await Promise.all(supervisor.#children.map((child) => supervisor.#spawn(child)));
      supervisor.#served = await serve({
        nc,
        contract: testbedContract,
        scope: 'global',
        instance: 'supervisor',
        region: 'global',
        handlers: supervisor.#handlers(),
        state: undefined,
        clock,
        log: silentLogger(),
      });
    } catch (error) {
      await supervisor.stop();
      throw error;
    }
    return supervisor;
  }

  list(): ProcessInfo[] {
    return this.#children.map((c) => ({
      name: c.spec.name,
      kind: c.spec.kind,
      region: c.spec.region,
      pid: c.state === 'killed' || c.state === 'exited' ? null : (c.spawned?.child.pid ?? null),
      state: c.state,
      startedAt: c.startedAt,
      uptimeMs: c.startedAt ? Date.now() - c.startedAt : 0,
      restarts: c.restarts,
      exitCode: c.spawned?.child.exitCode ?? null,
      signal: c.spawned?.child.signalCode ?? null,
    }));
  }

  async kill(name: string): Promise<void> {
    const child = this.#get(name);
    child.state = 'killed';
    await child.spawned?.[Symbol.asyncDispose]();
  }

  async restart(name: string): Promise<void> {
    const child = this.#get(name);
    if (child.state === 'paused') child.spawned?.child.kill('SIGCONT');
    child.state = 'restarting';
    await child.spawned?.stop();
    child.restarts++;
    await this.#spawn(child);
  }

  pause(name: string): void {
    const child = this.#get(name);
    if (child.state !== 'running') throw new Error(`cannot pause ${name}: it is ${child.state}`);
    child.spawned!.child.kill('SIGSTOP');
    child.state = 'paused';
  }

  resume(name: string): void {
    const child = this.#get(name);
    if (child.state !== 'paused') throw new Error(`cannot resume ${name}: it is ${child.state}`);
    child.spawned!.child.kill('SIGCONT');
    child.state = 'running';
  }

  /** Everything a child wrote, for a failing test's message. */
  output(name: string): string {
    return this.#get(name).spawned?.output() ?? '';
  }

  async stop(): Promise<void> {
    await this.#served?.stop();
    for (const child of this.#children) {
      if (child.state === 'paused') child.spawned?.child.kill('SIGCONT');
      await child.spawned?.[Symbol.asyncDispose]();
    }
  }

  async #spawn(child: Child): Promise<void> {
    const { spec } = child;
    const spawned = spawnService(spec.mainTs, {
      NATS_URL: this.#natsUrl,
      CMK_INSTANCE: spec.name,
      CMK_REGION: spec.region,
      LOG_LEVEL: 'warn',
      ...spec.env,
    });
    child.spawned = spawned;
    child.startedAt = Date.now();
    void spawned.exited.then(() => {
      if (child.spawned === spawned && child.state !== 'killed' && child.state !== 'restarting')
        child.state = 'exited';
    });
    const deadline = Date.now() + 30_000;
    while (!(await pingInstances(this.#natsUrl, spec.serviceName)).includes(spec.name)) {
      if (Date.now() > deadline || spawned.child.exitCode !== null)
        throw new Error(`${spec.name} did not start:\n${spawned.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.state = 'running';
  }

  #get(name: string): Child {
    const child = this.#children.find((c) => c.spec.name === name);
    if (!child) {
      throw new AzureError({
        status: 404,
        code: 'ProcessNotFound',
        message: `name: no process '${name}' in this testbed. Known: ${this.#children.map((c) => c.spec.name).join(', ')}`,
      });
    }
    return child;
  }

  #handlers(): HandlerTable<typeof testbedContract, undefined> {
    const act = async (name: string, action: () => void | Promise<void>) => {
      this.#get(name);
      try {
        await action();
      } catch (error) {
        if (error instanceof AzureError) throw error;
        throw new AzureError({ status: 409, code: 'ProcessActionFailed', message: (error as Error).message });
      }
      return { process: this.list().find((p) => p.name === name)! };
    };
    return {
      list: () => ({ runDir: '', natsUrl: this.#natsUrl, processes: this.list() }),
      kill: (req) => act(req.name, () => this.kill(req.name)),
      restart: (req) => act(req.name, () => this.restart(req.name)),
      pause: (req) => act(req.name, () => this.pause(req.name)),
      resume: (req) => act(req.name, () => this.resume(req.name)),
      shutdown: () => ({ stopping: true as const }),
    };
  }
}
