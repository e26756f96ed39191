import { describe, expect, it } from 'vitest';
import { findNatsServer } from './find-nats-server.js';
import type { ExecResult, FindNatsServerDeps } from './find-nats-server-deps.js';
import { NatsServerNotFoundError } from './nats-server-not-found-error.js';

interface FakeWorld {
  executables: Set<string>;
  files: Set<string>;
  execResults: ExecResult[];
  onInstall?: () => void;
}

function fakeDeps(world: FakeWorld, overrides: Partial<FindNatsServerDeps> = {}) {
  const calls: string[] = [];
  const logs: string[] = [];
  const deps: FindNatsServerDeps = {
    isExecutable: async (path) => world.executables.has(path),
    fileExists: async (path) => world.files.has(path),
    exec: async (command, args) => {
      calls.push([command, ...args].join(' '));
      const result = world.execResults.shift() ?? { code: 0, output: '' };
      if (result.code === 0 && args[0] === 'install') world.onInstall?.();
      return result;
    },
    platform: 'linux',
    isRoot: true,
    log: (message) => logs.push(message),
    ...overrides,
  };
  return { deps, calls, logs };
}

const debianRoot = (): FakeWorld => ({
  executables: new Set(['/usr/bin/apt-get']),
  files: new Set(['/etc/debian_version']),
  execResults: [],
});

describe('findNatsServer', () => {
  it('prefers NATS_SERVER_BIN when it is executable', async () => {
    const { deps } = fakeDeps({
      ...debianRoot(),
      executables: new Set(['/opt/n/nats-server', '/usr/sbin/nats-server']),
    });
    await expect(findNatsServer({ natsServerBin: '/opt/n/nats-server', deps })).resolves.toBe(
      '/opt/n/nats-server',
    );
  });

  it('rejects a NATS_SERVER_BIN that is not executable, naming it', async () => {
    const { deps } = fakeDeps(debianRoot());
    await expect(findNatsServer({ natsServerBin: '/nope', deps })).rejects.toThrow(/NATS_SERVER_BIN=\/nope/);
  });

  it('finds nats-server on PATH before the well-known directories', async () => {
    const world = {
      ...debianRoot(),
      executables: new Set(['/home/u/bin/nats-server', '/usr/sbin/nats-server']),
    };
    const { deps, calls } = fakeDeps(world);
    await expect(findNatsServer({ searchPath: '/home/u/bin:/usr/bin', deps })).resolves.toBe(
      '/home/u/bin/nats-server',
    );
    expect(calls).toEqual([]);
  });

  it('finds the Debian package in /usr/sbin even when PATH lacks it', async () => {
    const { deps } = fakeDeps({ ...debianRoot(), executables: new Set(['/usr/sbin/nats-server']) });
    await expect(findNatsServer({ searchPath: '/usr/bin', deps })).resolves.toBe('/usr/sbin/nats-server');
  });

  it('installs with apt-get as root on Debian and returns the installed binary', async () => {
    const world = debianRoot();
    world.onInstall = () => world.executables.add('/usr/sbin/nats-server');
    const { deps, calls, logs } = fakeDeps(world);
    await expect(findNatsServer({ searchPath: '/usr/bin', deps })).resolves.toBe('/usr/sbin/nats-server');
    expect(calls).toEqual(['/usr/bin/apt-get install -y nats-server']);
    expect(logs.join('\n')).toContain('installing');
  });

  it('runs apt-get update and retries when the first install fails', async () => {
    const world = { ...debianRoot(), execResults: [{ code: 100, output: 'Unable to locate package' }] };
    world.onInstall = () => world.executables.add('/usr/sbin/nats-server');
    const { deps, calls } = fakeDeps(world);
    await expect(findNatsServer({ searchPath: '/usr/bin', deps })).resolves.toBe('/usr/sbin/nats-server');
    expect(calls).toEqual([
      '/usr/bin/apt-get install -y nats-server',
      '/usr/bin/apt-get update',
      '/usr/bin/apt-get install -y nats-server',
    ]);
  });

  it('reports the apt output when installing fails twice', async () => {
    const failing = { code: 100, output: 'E: Unable to locate package nats-server' };
    const { deps } = fakeDeps({ ...debianRoot(), execResults: [failing, { code: 0, output: '' }, failing] });
    await expect(findNatsServer({ searchPath: '/usr/bin', deps })).rejects.toThrow(
      /Unable to locate package/,
    );
  });

  it.each([
    ['not root', { isRoot: false }],
    ['not Linux', { platform: 'darwin' as const }],
  ])('does not try apt when %s, and says how to install instead', async (_label, overrides) => {
    const { deps, calls } = fakeDeps(debianRoot(), overrides);
    const error = await findNatsServer({ searchPath: '/usr/bin', deps }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NatsServerNotFoundError);
    const message = (error as Error).message;
    for (const hint of [
      'apt-get install -y nats-server',
      'brew install nats-server',
      'docker compose up',
      'NATS_SERVER_BIN',
    ]) {
      expect(message).toContain(hint);
    }
    expect(calls).toEqual([]);
  });

  it('does not try apt on a system that is not Debian-like', async () => {
    const { deps, calls } = fakeDeps({ ...debianRoot(), files: new Set() });
    await expect(findNatsServer({ searchPath: '/usr/bin', deps })).rejects.toThrow(NatsServerNotFoundError);
    expect(calls).toEqual([]);
  });
});
