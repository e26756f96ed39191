import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { connectTestbed } from '@cmk-testbed/shared';
import {
  containerProcessInfo,
  createPortAllocator,
  processLabels,
  waitForContainerHealthy,
} from '@cmk-testbed/testbed';
import { DockerComposeEnvironment, getContainerRuntimeClient, Wait } from 'testcontainers';
import { checkComposeTopology } from '../compose/check-compose-topology.js';
import { composeFileName, readComposeFile, repoRoot } from '../compose/compose-file.js';
import { type ComposeProcess, composeProcesses, supervisorService } from '../compose/compose-processes.js';
import { defaultDockerSocket, explainNoRuntime } from '../compose/explain-no-runtime.js';
import type { RunningTestbed, StartOptions, TestbedDriver } from './driver.js';

// This driver is exercised only where a container engine runs (a developer's machine with Docker, a CI job
// that asks for E2E_DRIVER=container). The machines this repository is built on have none: here it is
// type-checked, its probe is unit-tested, and docker-compose.yml is checked structurally
// (e2e/src/compose/compose-file.test.ts), but it has never started a container.

const probeTimeoutMs = 5_000;
const upTimeoutMs = 600_000; // the first run builds the image
const restartTimeoutMs = 120_000;
/** The compose service whose published port outside clients use (docker-compose.yml). */
const entryNatsService = 'nats-eastus';

/**
 * Whether testcontainers finds a container runtime that answers, within a few seconds, and in words why
 * (not). Never throws: the answer is what pickDriver prints.
 */
export async function probeContainerRuntime(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ ok: boolean; detail: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${probeTimeoutMs} ms`)), probeTimeoutMs);
    timer.unref();
  });
  try {
    const client = await Promise.race([getContainerRuntimeClient(), timedOut]);
    const runtime = client.info.containerRuntime;
    return {
      ok: true,
      detail: `server ${runtime.serverVersion} on ${runtime.operatingSystem} via ${runtime.host}`,
    };
  } catch (error) {
    const failure = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      detail: explainNoRuntime({
        dockerHost: env.DOCKER_HOST?.trim() || undefined,
        socketExists: existsSync(defaultDockerSocket),
        failure,
      }),
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The container driver: docker-compose.yml under testcontainers' DockerComposeEnvironment (image built from
 * the root Dockerfile, every service waited for through its healthcheck, i.e. `$SRV.PING`), a compose project
 * of its own per start. Processes are the containers labelled `cmk-testbed.process`; kill is `docker kill`
 * (SIGKILL), restart is `docker start` and waiting for healthy, stop is `docker compose down -v`. NATS is
 * published on 127.0.0.1; set CMK_NATS_BIND=0.0.0.0 when the engine is remote (DOCKER_HOST on another host).
 */
export function containerDriver(reason: string, env: NodeJS.ProcessEnv = process.env): TestbedDriver {
  return {
    name: 'container',
    reason,
    async start(options: StartOptions): Promise<RunningTestbed> {
      const processes = composeProcesses(await readComposeFile());
      if (options.topologyYaml) await checkComposeTopology(options.topologyYaml, processes);
      // A fixed host port per run, not an ephemeral one: Docker would hand out a new ephemeral port when the
      // NATS container restarts, and the suite's connection could not find it again.
      const natsPort = await createPortAllocator().allocate();
      const projectName = `cmk-e2e-${options.label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomUUID().slice(0, 8)}`;
      const environment = await new DockerComposeEnvironment(repoRoot, composeFileName)
        .withProjectName(projectName)
        .withBuild()
        .withEnvironment({ CMK_NATS_PORT: String(natsPort), CMK_NATS_BIND: env.CMK_NATS_BIND || '127.0.0.1' })
        .withDefaultWaitStrategy(Wait.forHealthCheck())
        .withStartupTimeout(upTimeoutMs)
        // The testbed's processes and its supervisor (process faults act through it); the one-shot
        // `scenarios` service is for `docker compose up`.
        .up([...processes.map((p) => p.service), supervisorService]);
      try {
        const client = await getContainerRuntimeClient();
        const containers = await client.container.dockerode.listContainers({
          all: true,
          filters: { label: [`com.docker.compose.project=${projectName}`] },
        });
        const idOf = new Map(containers.map((c) => [c.Labels[processLabels.name] ?? '', c.Id]));
        const restarts = new Map<string, number>();
        const find = (name: string): { process: ComposeProcess; id: string } => {
          const process = processes.find((p) => p.name === name);
          const id = idOf.get(name);
          if (!process || !id) {
            throw new Error(
              `no process ${name} in ${composeFileName} (${processes.map((p) => p.name).join(', ')})`,
            );
          }
          return { process, id };
        };
        const inspect = (id: string) => client.container.inspect(client.container.getById(id));
        const nats = environment.getContainer(`${entryNatsService}-1`);
        const natsUrl = `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`;
        const tb = await connectTestbed(natsUrl);
        return {
          natsUrl,
          tb,
          processes: async () =>
            Promise.all(
              processes.map(async (p) =>
                containerProcessInfo(
                  p,
                  await inspect(find(p.name).id),
                  restarts.get(p.name) ?? 0,
                  Date.now(),
                ),
              ),
            ),
          kill: async (name) => {
            await client.container.getById(find(name).id).kill({ signal: 'SIGKILL' });
          },
          restart: async (name) => {
            const { id } = find(name);
            const container = client.container.getById(id);
            const { State } = await inspect(id);
            if (State.Running) await client.container.restart(container, { timeout: 10 });
            else await client.container.start(container);
            restarts.set(name, (restarts.get(name) ?? 0) + 1);
            await waitForContainerHealthy({
              inspect: () => inspect(id),
              description: `${name} (container ${id.slice(0, 12)})`,
              timeoutMs: restartTimeoutMs,
            });
          },
          stop: async () => {
            try {
              await tb.close();
            } finally {
              await environment.down({ removeVolumes: true });
            }
          },
        };
      } catch (error) {
        await environment.down({ removeVolumes: true }).catch(() => {});
        throw error;
      }
    },
  };
}
