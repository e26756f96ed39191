import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNatsEnvConfig } from '../nats-server/config.js';
import { findNatsServer } from '../nats-server/find-nats-server.js';
import { natsServerInstallHint } from '../nats-server/nats-server-install-hint.js';

export interface NatsServerHandle {
  url: string;
  port: number;
  pid: number;
  storeDir: string;
  /** SIGKILLs the server (a crash); the store stays for a restart. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface StartNatsServerOptions {
  jetstream?: boolean;
  /** Extra command-line arguments for nats-server. */
  args?: string[];
  /** The binary; defaults to what findNatsServer finds (NATS_SERVER_BIN, then PATH and /usr/sbin). */
  bin?: string;
  startTimeoutMs?: number;
}

/**
 * Starts a real nats-server on a free port (the server picks it: `-p -1`) with JetStream in a fresh temp
 * directory, and resolves once it accepts clients. Dispose it with `await using` or `stop()`.
 */
export async function startNatsServer(options: StartNatsServerOptions = {}): Promise<NatsServerHandle> {
  // A test run never installs packages behind the developer's back: a missing binary fails with the hint.
  const bin = options.bin ?? (await findNatsServer({ ...readNatsEnvConfig(), deps: { isRoot: false } }));
  const storeDir = await mkdtemp(join(tmpdir(), 'cmk-nats-'));
  const args = ['-a', '127.0.0.1', '-p', '-1', '-m', '0', ...(options.args ?? [])];
  if (options.jetstream ?? true) args.push('-js', '-sd', storeDir);
  const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let port: number;
  try {
    port = await waitForPort(child, options.startTimeoutMs ?? 10_000);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(storeDir, { recursive: true, force: true });
    throw error;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  const stop = async () => {
    await stopWith('SIGTERM');
    await rm(storeDir, { recursive: true, force: true });
  };
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    storeDir,
    kill: () => stopWith('SIGKILL'),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

function waitForPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let log = '';
    let port = 0;
    const timer = setTimeout(
      () => fail(new Error(`nats-server did not start within ${timeoutMs} ms:\n${log}`)),
      timeoutMs,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    child.once('error', (error) =>
      fail(
        new Error(`could not run nats-server (${error.message})\n${natsServerInstallHint}`, { cause: error }),
      ),
    );
    child.once('exit', (code) => fail(new Error(`nats-server exited with code ${code}:\n${log}`)));
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      log += chunk;
      port ||= Number(/Listening for client connections on [^\s]*:(\d+)/.exec(log)?.[1] ?? 0);
      if (port && log.includes('Server is ready')) {
        clearTimeout(timer);
        child.stderr!.removeAllListeners('data');
        child.stderr!.resume();
        resolve(port);
      }
    });
  });
}
