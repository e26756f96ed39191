import { EventEmitter } from 'node:events';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { waitForNatsHealthz } from '../nats/wait-for-nats-healthz.js';
import { readInheritedEnv } from './config.js';
import { findSetpriv } from './find-setpriv.js';
import type { ProcessSpec } from './process-spec.js';
import type { ProcessExit, ProcessStatus } from './process-status.js';
import { SupervisedProcess } from './supervised-process.js';
import { UnknownProcessError } from './unknown-process-error.js';
import { waitForSrvPing } from './wait-for-srv-ping.js';

export interface SupervisorOptions {
  processes: readonly ProcessSpec[];
  runDir: string;
  /** Comma-separated NATS URLs used to PING services for readiness. */
  natsUrl: string;
  /** Time source for startedAt, uptime and readiness deadlines. */
  now?: () => number;
  readyTimeoutMs?: number;
  /** How long a SIGTERM'd child may take before SIGKILL, on stop(). */
  stopGraceMs?: number;
  /** The same, on restart(): short, since restarts are mostly fault injection. */
  restartGraceMs?: number;
  /** Path of setpriv, or null to spawn children directly; found automatically when omitted. */
  setprivPath?: string | null;
  /** Environment under every child's spec.env; defaults to the supervisor's own. */
  inheritedEnv?: Record<string, string>;
  onExit?: (exit: ProcessExit) => void;
}

interface SupervisorEvents {
  exit: [ProcessExit];
}

/** Starts a testbed's processes in order and kills, restarts, pauses and stops them on request. */
export class Supervisor extends EventEmitter<SupervisorEvents> implements AsyncDisposable {
  private readonly processes: SupervisedProcess[];
  private readonly now: () => number;
  private setprivPath: string | undefined;
  private nc: Promise<NatsConnection> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: SupervisorOptions) {
    super();
    this.now = options.now ?? Date.now;
    const names = new Set<string>();
    for (const spec of options.processes) {
      if (names.has(spec.name)) throw new Error(`duplicate process name "${spec.name}"`);
      names.add(spec.name);
    }
    this.processes = options.processes.map(
      (spec) =>
        new SupervisedProcess(spec, join(options.runDir, 'logs', `${spec.name}.log`), this.now, (exit) => {
          options.onExit?.(exit);
          this.emit('exit', exit);
        }),
    );
  }

  /** Starts nats-servers and waits for their healthz, then every service, waiting until each answers PING. */
  async start(): Promise<void> {
    await mkdir(join(this.options.runDir, 'logs'), { recursive: true });
    this.setprivPath =
      this.options.setprivPath === null ? undefined : (this.options.setprivPath ?? (await findSetpriv()));
    const natsServers = this.processes.filter((p) => p.spec.kind === 'nats-server');
    const services = this.processes.filter((p) => p.spec.kind !== 'nats-server');
    // Cluster members only turn healthy once their peers are up, so spawn them all before waiting.
    for (const p of natsServers) this.spawn(p);
    await Promise.all(natsServers.map((p) => this.waitReady(p)));
    for (const p of services) this.spawn(p);
    await Promise.all(services.map((p) => this.waitReady(p)));
  }

  list(): ProcessStatus[] {
    return this.processes.map((p) => p.status());
  }

  /** SIGKILL; the process stays down until restart(). */
  async kill(name: string): Promise<void> {
    await this.get(name).terminate('kill', 0);
  }

  /** Ends the process (SIGTERM, then SIGKILL after a short grace), starts it again and waits until ready. */
  async restart(name: string): Promise<void> {
    const p = this.get(name);
    p.state = 'restarting';
    await p.terminate('restart', this.options.restartGraceMs ?? 2_000);
    p.restarts++;
    this.spawn(p, 'restarting');
    await this.waitReady(p);
  }

  pause(name: string): void {
    const p = this.get(name);
    if (p.state !== 'running' || !p.send('SIGSTOP'))
      throw new Error(`cannot pause ${name}: it is ${p.state}`);
    p.state = 'paused';
  }

  resume(name: string): void {
    const p = this.get(name);
    if (p.state !== 'paused' || !p.send('SIGCONT'))
      throw new Error(`cannot resume ${name}: it is ${p.state}`);
    p.state = 'running';
  }

  /** Stops services first and nats-servers last; resolves once every child has exited. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private async stopAll(): Promise<void> {
    const graceMs = this.options.stopGraceMs ?? 5_000;
    const services = this.processes.filter((p) => p.spec.kind !== 'nats-server');
    await Promise.all(services.map((p) => p.terminate('stop', graceMs)));
    await this.nc?.then(
      (nc) => nc.close(),
      () => {},
    );
    const natsServers = this.processes.filter((p) => p.spec.kind === 'nats-server');
    await Promise.all(natsServers.map((p) => p.terminate('stop', graceMs)));
  }

  private get(name: string): SupervisedProcess {
    const p = this.processes.find((candidate) => candidate.spec.name === name);
    if (!p)
      throw new UnknownProcessError(
        name,
        this.processes.map((candidate) => candidate.spec.name),
      );
    return p;
  }

  private spawn(p: SupervisedProcess, state: 'starting' | 'restarting' = 'starting'): void {
    if (this.stopping) throw new Error(`cannot start ${p.spec.name}: the supervisor is stopping`);
    p.state = state;
    p.spawn({ setprivPath: this.setprivPath, inheritedEnv: this.options.inheritedEnv ?? readInheritedEnv() });
  }

  private async waitReady(p: SupervisedProcess): Promise<void> {
    const timeoutMs = this.options.readyTimeoutMs ?? 30_000;
    const common = {
      timeoutMs,
      now: this.now,
      shouldAbort: () => p.deathReason(),
      description: `process ${p.spec.name}`,
    };
    const readiness = p.spec.readiness;
    try {
      if (readiness.type === 'nats-healthz') await waitForNatsHealthz({ ...common, url: readiness.url });
      else await waitForSrvPing(await this.connection(), { ...common, ...readiness });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // The end of the child's own log usually says why; show it so a CI failure explains itself.
      const tail = (await readFile(p.logPath, 'utf8').catch(() => ''))
        .trimEnd()
        .split('\n')
        .slice(-8)
        .map((line) => `    ${line}`)
        .join('\n');
      throw new Error(`${reason} (log: ${p.logPath})${tail ? `\n${tail}` : ''}`, { cause: error });
    }
    if (p.alive) p.state = 'running';
  }

  private connection(): Promise<NatsConnection> {
    // One shared connection, even when many services wait for readiness at once.
    this.nc ??= connect({
      servers: this.options.natsUrl.split(','),
      name: 'cmk-testbed-supervisor',
      // nats-servers may be restarted on purpose; the supervisor must outlive that.
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    }).catch((error: unknown) => {
      this.nc = undefined;
      throw error;
    });
    return this.nc;
  }
}
