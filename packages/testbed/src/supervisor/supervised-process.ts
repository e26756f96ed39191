import type { ChildProcess } from 'node:child_process';
import type { ProcessSpec } from './process-spec.js';
import type { ProcessExit, ProcessState, ProcessStatus } from './process-status.js';
import { type SpawnChildOptions, spawnChild } from './spawn-child.js';

type ExitIntent = 'kill' | 'restart' | 'stop' | undefined;

/** One child slot of the supervisor: the current child process, its state and its history. */
export class SupervisedProcess {
  state: ProcessState = 'starting';
  restarts = 0;
  private child: ChildProcess | undefined;
  private startedAt: number | undefined;
  private exitCode: number | null = null;
  private signal: NodeJS.Signals | null = null;
  private exited: Promise<void> = Promise.resolve();
  private intent: ExitIntent;
  // Tracked by hand: a child that failed to spawn never sets exitCode, yet will never run.
  private running = false;
  private spawnError: Error | undefined;

  constructor(
    readonly spec: ProcessSpec,
    readonly logPath: string,
    private readonly now: () => number,
    private readonly onExit: (exit: ProcessExit) => void,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return this.running;
  }

  /** Why the current child can no longer become ready, or undefined while it might. */
  deathReason(): string | undefined {
    if (this.alive) return undefined;
    if (this.spawnError) return `could not be spawned: ${this.spawnError.message}`;
    return `exited with ${this.signal ? `signal ${this.signal}` : `code ${this.exitCode}`}`;
  }

  spawn(options: Omit<SpawnChildOptions, 'logPath' | 'banner'>): void {
    const startedAt = this.now();
    const banner = `--- ${new Date(startedAt).toISOString()} supervisor starts ${this.spec.name}: ${this.spec.command} ${this.spec.args.join(' ')}`;
    const child = spawnChild(this.spec, { ...options, logPath: this.logPath, banner });
    this.child = child;
    this.startedAt = startedAt;
    this.exitCode = null;
    this.signal = null;
    this.intent = undefined;
    this.running = true;
    this.spawnError = undefined;
    this.exited = new Promise((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.child === child && this.running) {
          this.running = false;
          this.recordExit(code, signal);
        }
        resolve();
      };
      child.once('exit', finish);
      // Spawn failures (e.g. ENOENT without setpriv) emit 'error' and may never emit 'exit'.
      child.once('error', (error) => {
        this.spawnError = error;
        finish(null, null);
      });
    });
  }

  /** Sends a signal to the current child if it is alive; returns whether it was sent. */
  send(signal: NodeJS.Signals): boolean {
    if (!this.alive || this.child?.pid === undefined) return false;
    try {
      process.kill(this.child.pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  /** Ends the current child: SIGTERM (SIGKILL for 'kill'), SIGKILL after the grace period, then waits. */
  async terminate(intent: Exclude<ExitIntent, undefined>, graceMs: number): Promise<void> {
    if (!this.alive) return;
    this.intent = intent;
    if (intent === 'kill') {
      this.send('SIGKILL');
      await this.exited;
      return;
    }
    // A stopped process cannot act on SIGTERM until it runs again.
    this.send('SIGCONT');
    this.send('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'grace-over'>((resolve) => {
      timer = setTimeout(() => resolve('grace-over'), graceMs);
    });
    try {
      if ((await Promise.race([this.exited, graceOver])) === 'grace-over') this.send('SIGKILL');
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  status(): ProcessStatus {
    const alive = this.alive;
    return {
      name: this.spec.name,
      kind: this.spec.kind,
      region: this.spec.region,
      pid: this.child?.pid,
      state: this.state,
      startedAt: this.startedAt,
      uptimeMs: alive && this.startedAt !== undefined ? Math.max(0, this.now() - this.startedAt) : 0,
      restarts: this.restarts,
      exitCode: this.exitCode,
      signal: this.signal,
    };
  }

  private recordExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exitCode = code;
    this.signal = signal;
    const unexpected = this.intent === undefined;
    if (this.intent === 'kill') this.state = 'killed';
    else if (this.intent !== 'restart') this.state = 'exited';
    this.onExit({ name: this.spec.name, pid: this.child?.pid, exitCode: code, signal, unexpected });
  }
}
