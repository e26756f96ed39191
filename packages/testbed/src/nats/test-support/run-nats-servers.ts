import { type ChildProcess, spawn } from 'node:child_process';
import { natsHealthzUrl } from '../nats-healthz-url.js';
import type { NatsServerPlan } from '../nats-server-plan.js';
import { waitForNatsHealthz } from '../wait-for-nats-healthz.js';
import { writeNatsServerConfigs } from '../write-nats-server-configs.js';

export interface RunningNatsServers extends AsyncDisposable {
  children: ChildProcess[];
}

/** Test helper: starts every server of a plan and waits until all are healthy; dispose to stop them. */
export async function runNatsServers(
  plan: NatsServerPlan,
  natsServerBin: string,
): Promise<RunningNatsServers> {
  await writeNatsServerConfigs(plan);
  const children = plan.servers.map((server) =>
    spawn(natsServerBin, ['-c', server.configPath], { stdio: ['ignore', 'ignore', 'pipe'] }),
  );
  const handle: RunningNatsServers = {
    children,
    async [Symbol.asyncDispose]() {
      await Promise.all(children.map(stopChild));
    },
  };
  try {
    await Promise.all(
      plan.servers.map((server, i) =>
        waitForNatsHealthz({
          url: natsHealthzUrl(server),
          timeoutMs: 30_000,
          description: server.serverName,
          shouldAbort: () =>
            children[i]!.exitCode !== null ? `exited with ${children[i]!.exitCode}` : undefined,
        }),
      ),
    );
  } catch (error) {
    await handle[Symbol.asyncDispose]();
    throw error;
  }
  return handle;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
