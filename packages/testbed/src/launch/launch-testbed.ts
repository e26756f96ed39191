import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createLogger,
  FaultRuleTable,
  findNatsServer,
  type LogLevel,
  readNatsEnvConfig,
  type ServedService,
  serve,
  TestbedClock,
  testbedContract,
} from '@cmk-testbed/shared';
import { connect, type NatsConnection } from 'nats';
import { natsUrls } from '../nats/nats-urls.js';
import type { ProcessExit } from '../supervisor/process-status.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { defaultTopology } from '../topology/default-topology.js';
import { loadTopology } from '../topology/load-topology.js';
import type { Topology } from '../topology/topology-schema.js';
import { startSupervisor } from './start-supervisor.js';
import { supervisorHandlers } from './supervisor-handlers.js';
import { topologyLatencyRules } from './topology-latency-rules.js';

export interface LaunchOptions {
  /** A topology object, or a file to load one from; the built-in default otherwise. */
  topology?: Topology | undefined;
  topologyFile?: string | undefined;
  /** Where configs, JetStream data and logs go; a fresh folder under `home/runs` by default. */
  runDir?: string | undefined;
  home?: string | undefined;
  logLevel?: LogLevel | undefined;
  /** Told about every child that exits without being asked to. */
  onUnexpectedExit?: ((exit: ProcessExit) => void) | undefined;
  /**
   * false: start the processes but leave the testbed contract to another supervisor on the bus (the Docker
   * supervisor's tests serve it over these processes). Default true.
   */
  serveTestbedContract?: boolean | undefined;
}

/** A running testbed: every process up and answering, the supervisor on the bus. */
export interface LaunchedTestbed {
  /** Every nats-server's client URL, comma-separated. */
  natsUrl: string;
  /** Client URLs by NATS cluster (the region in a supercluster, `main` otherwise). */
  clusterUrls: Record<string, string[]>;
  runDir: string;
  topology: Topology;
  supervisor: Supervisor;
  /** Resolves once `shutdown` was asked for over the bus. */
  shutdownRequested: Promise<void>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts a topology: provisions nats-server, writes its configs, starts every process and waits until each
 * is ready, then serves the testbed contract (list, kill, restart, pause, resume, shutdown).
 */
export async function launchTestbed(options: LaunchOptions = {}): Promise<LaunchedTestbed> {
  const topology =
    options.topology ?? (options.topologyFile ? await loadTopology(options.topologyFile) : defaultTopology);
  const home = options.home ?? join(process.cwd(), '.cmk-testbed');
  const runDir =
    options.runDir ?? join(home, 'runs', `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  await mkdir(runDir, { recursive: true });
  const natsServerBin = await findNatsServer(readNatsEnvConfig());
  const { run, supervisor } = await startSupervisor(topology, {
    runDir,
    natsServerBin,
    logLevel: options.logLevel ?? 'info',
    onExit: (exit) => {
      if (exit.unexpected) options.onUnexpectedExit?.(exit);
    },
  });
  let nc: NatsConnection | undefined;
  let clock: TestbedClock | undefined;
  let served: ServedService | undefined;
  const stop = async () => {
    await served?.stop();
    clock?.stop();
    await nc?.close().catch(() => {});
    await supervisor.stop();
  };
  let requestShutdown!: () => void;
  const shutdownRequested = new Promise<void>((resolve) => {
    requestShutdown = resolve;
  });
  try {
    const connection = await connect({
      servers: run.natsUrl.split(','),
      name: 'supervisor',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
    nc = connection;
    const replicas = topology.nats.jetstreamReplicas;
    clock = await TestbedClock.start(nc, { replicas });
    const rules = await FaultRuleTable.open(nc, { replicas });
    for (const rule of topologyLatencyRules(topology)) await rules.put(rule);
    if (options.serveTestbedContract !== false)
      served = await serve({
        nc,
        contract: testbedContract,
        scope: 'global',
        instance: 'supervisor',
        region: 'global',
        handlers: supervisorHandlers,
        state: { supervisor, runDir, natsUrl: run.natsUrl, requestShutdown, flush: () => connection.flush() },
        clock,
        // The supervisor's own log shares the terminal with the status table: only problems are worth a line.
        log: createLogger({ service: 'testbed', instance: 'supervisor', level: 'warn' }),
      });
  } catch (error) {
    await stop();
    throw error;
  }
  const clusterUrls = Object.fromEntries(
    [...new Set(run.nats.servers.map((s) => s.cluster))].map((c) => [c, natsUrls(run.nats, c)]),
  );
  return {
    natsUrl: run.natsUrl,
    clusterUrls,
    runDir,
    topology,
    supervisor,
    shutdownRequested,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
