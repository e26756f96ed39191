import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProcessExit } from '../supervisor/process-status.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { prepareTopologyRun, type TopologyRun } from '../topology/prepare-topology-run.js';
import type { Topology } from '../topology/topology-schema.js';

const maxAttempts = 3;

/**
 * Plans ports, writes configs and starts every process. Ports are found free by binding and releasing them,
 * so on a busy machine another program can take one before nats-server binds it; when a start fails that
 * way, it is tried again with fresh ports.
 */
export async function startSupervisor(
  topology: Topology,
  options: { runDir: string; natsServerBin: string; logLevel: string; onExit: (exit: ProcessExit) => void },
): Promise<{ run: TopologyRun; supervisor: Supervisor }> {
  for (let attempt = 1; ; attempt++) {
    const run = await prepareTopologyRun(topology, options);
    const supervisor = new Supervisor({
      processes: run.processes,
      runDir: options.runDir,
      natsUrl: run.natsUrl,
      onExit: options.onExit,
    });
    try {
      await supervisor.start();
      return { run, supervisor };
    } catch (error) {
      await supervisor.stop();
      if (attempt >= maxAttempts || !(await portWasTaken(options.runDir))) throw error;
    }
  }
}

async function portWasTaken(runDir: string): Promise<boolean> {
  const logs = join(runDir, 'logs');
  const names = (await readdir(logs).catch(() => [] as string[])).filter((n) => n.startsWith('nats-'));
  for (const name of names) {
    if ((await readFile(join(logs, name), 'utf8').catch(() => '')).includes('address already in use'))
      return true;
  }
  return false;
}
