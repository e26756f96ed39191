import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'nats';
import { discoverInstances } from '../rpc/discover-instances.js';
import { inheritedEnv } from './config.js';

export interface SpawnedService {
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code once the process ends. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Runs a service's real `main.ts` as a child process (through tsx, so tests need no build) with the given
 * environment, as the supervisor would.
 */
export function spawnService(mainTs: string, env: Record<string, string>): SpawnedService {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', mainTs], {
    env: { ...inheritedEnv(), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return {
    child,
    output: () => output,
    exited,
    stop,
    async [Symbol.asyncDispose]() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The instances answering `$SRV.PING.<serviceName>` right now (an empty list when none does). */
export async function pingInstances(natsUrl: string, serviceName: string): Promise<string[]> {
  const nc = await connect({ servers: natsUrl });
  try {
    return (await discoverInstances(nc, serviceName)).map((found) => found.instance);
  } finally {
    await nc.close();
  }
}
