import { delimiter, join } from 'node:path';
import { defaultFindNatsServerDeps, type FindNatsServerDeps } from './find-nats-server-deps.js';
import { NatsServerNotFoundError } from './nats-server-not-found-error.js';

export interface FindNatsServerOptions {
  /** Value of NATS_SERVER_BIN, read by readNatsEnvConfig. */
  natsServerBin?: string | undefined;
  /** Value of PATH. */
  searchPath?: string | undefined;
  /** The environment apt-get runs with (readNatsEnvConfig's); none beyond DEBIAN_FRONTEND when left out. */
  inheritedEnv?: NodeJS.ProcessEnv | undefined;
  deps?: Partial<FindNatsServerDeps>;
}

// Debian installs nats-server into /usr/sbin, which is often missing from a non-root PATH.
const extraDirs = ['/usr/sbin', '/usr/local/bin', '/usr/bin', '/opt/homebrew/bin'];

/**
 * The one place a nats-server binary is found: NATS_SERVER_BIN if set, else PATH and the directories packages
 * install into; if none is there and this is root on Debian/Ubuntu, it installs the apt package. Otherwise it
 * throws a {@link NatsServerNotFoundError} that says how to install one.
 */
export async function findNatsServer(options: FindNatsServerOptions = {}): Promise<string> {
  const deps = { ...defaultFindNatsServerDeps(options.inheritedEnv ?? {}), ...options.deps };
  if (options.natsServerBin) {
    if (await deps.isExecutable(options.natsServerBin)) return options.natsServerBin;
    throw new NatsServerNotFoundError(`NATS_SERVER_BIN=${options.natsServerBin} is not an executable file.`);
  }
  const dirs = searchDirs(options.searchPath);
  const found = await findExecutable('nats-server', dirs, deps);
  if (found) return found;
  const aptGet = await findExecutable('apt-get', dirs, deps);
  const canApt =
    deps.platform === 'linux' && deps.isRoot && aptGet && (await deps.fileExists('/etc/debian_version'));
  if (!canApt)
    throw new NatsServerNotFoundError('nats-server was not found on PATH, /usr/sbin or /usr/local/bin.');
  await aptInstall(aptGet, deps);
  const installed = await findExecutable('nats-server', dirs, deps);
  if (installed) return installed;
  throw new NatsServerNotFoundError('apt-get reported success but no nats-server binary appeared.');
}

function searchDirs(searchPath: string | undefined): string[] {
  const fromPath = (searchPath ?? '').split(delimiter).filter((dir) => dir.length > 0);
  return [...new Set([...fromPath, ...extraDirs])];
}

async function findExecutable(
  name: string,
  dirs: readonly string[],
  deps: FindNatsServerDeps,
): Promise<string | undefined> {
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (await deps.isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function aptInstall(aptGet: string, deps: FindNatsServerDeps): Promise<void> {
  deps.log(`nats-server not found; installing it: ${aptGet} install -y nats-server`);
  const first = await deps.exec(aptGet, ['install', '-y', 'nats-server']);
  if (first.code === 0) return;
  // A fresh image usually has empty package lists; refresh them once and retry.
  deps.log(`apt-get install failed (exit ${first.code}); running ${aptGet} update and retrying`);
  const update = await deps.exec(aptGet, ['update']);
  if (update.code !== 0) {
    throw new NatsServerNotFoundError(`apt-get update failed (exit ${update.code}):\n${tail(update.output)}`);
  }
  const second = await deps.exec(aptGet, ['install', '-y', 'nats-server']);
  if (second.code !== 0) {
    throw new NatsServerNotFoundError(
      `apt-get install -y nats-server failed (exit ${second.code}):\n${tail(second.output)}`,
    );
  }
}

function tail(output: string): string {
  return output.trim().split('\n').slice(-10).join('\n');
}
