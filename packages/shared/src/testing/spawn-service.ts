import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'nats';
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
    const instances: string[] = [];
    try {
      const replies = await nc.requestMany(`$SRV.PING.${serviceName}`, undefined, { maxWait: 250 });
      for await (const msg of replies) {
        if (msg.data.length === 0) break;
        const body = JSON.parse(new TextDecoder().decode(msg.data)) as { metadata?: { instance?: string } };
        if (body.metadata?.instance) instances.push(body.metadata.instance);
      }
    } catch (error) {
      // No instance at all: NATS answers "no responders" (503) instead of an empty stream.
      if ((error as { code?: string }).code !== '503') throw error;
    }
    return instances;
  } finally {
    await nc.close();
  }
}
