import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../supervisor/supervisor.js';
import { discoverComposeProject } from './discover-compose-project.js';
import { DockerEngine } from './docker-engine.js';
import { loadDockerSupervisorConfig } from './docker-supervisor-config.js';
import { EngineDouble } from './testing/engine-double.js';

describe('the Docker engine client and the project it supervises', () => {
  let dir: string;
  let double: EngineDouble;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cmk-docker-engine-'));
    const supervisor = new Supervisor({ processes: [], runDir: dir, natsUrl: 'nats://127.0.0.1:1' });
    double = await EngineDouble.start({
      socketPath: join(dir, 'engine.sock'),
      supervisor,
      project: 'cmk-demo',
      selfId: 'self1',
    });
  });

  afterAll(async () => {
    await double?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('says where it looked and what to do when the engine socket is missing', async () => {
    const engine = new DockerEngine(join(dir, 'no-such.sock'));
    await expect(engine.listContainers([])).rejects.toMatchObject({
      name: 'DockerEngineError',
      status: 0,
      message: `Docker engine: list containers: cannot reach the Docker engine at ${join(dir, 'no-such.sock')}: ENOENT (mount the engine socket into this container: /var/run/docker.sock)`,
    });
  });

  it("carries the engine's own message and status for a refused call", async () => {
    const engine = new DockerEngine(double.socketPath);
    await expect(engine.kill('abc123')).rejects.toMatchObject({
      status: 404,
      message: 'Docker engine: kill abc123: No such container: abc123',
    });
  });

  it("reads the compose project from its own container's label, found by hostname", async () => {
    const engine = new DockerEngine(double.socketPath);
    await expect(discoverComposeProject(engine, 'self1')).resolves.toBe('cmk-demo');
    await expect(discoverComposeProject(engine, 'laptop')).rejects.toThrow(
      'CMK_COMPOSE_PROJECT is not set and no container is named after this host (laptop): set CMK_COMPOSE_PROJECT to the compose project to supervise',
    );
  });

  it('refuses a bad configuration naming the variable', () => {
    expect(() =>
      loadDockerSupervisorConfig({ CMK_INSTANCE: 'supervisor', CMK_COMPOSE_PROJECT: 'My Project' }),
    ).toThrow(
      /CMK_COMPOSE_PROJECT: a compose project name: lowercase letters, digits, - and _ \(got 'My Project'\)/,
    );
    expect(loadDockerSupervisorConfig({ CMK_INSTANCE: 'supervisor' })).toMatchObject({
      DOCKER_SOCKET: '/var/run/docker.sock',
      CMK_READY_TIMEOUT_MS: 120_000,
      CMK_STOP_GRACE_SECONDS: 2,
    });
  });
});
