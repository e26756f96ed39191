import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readNatsEnvConfig } from '../nats-server/config.js';
import { findNatsServer } from '../nats-server/find-nats-server.js';
import { NatsServerNotFoundError } from '../nats-server/nats-server-not-found-error.js';
import { startNatsServer } from './nats-server.js';

describe('startNatsServer', () => {
  let dir: string;
  let emptyPathDir: string;
  let linkedBin: string;

  beforeAll(async () => {
    const realBin = await findNatsServer({ ...readNatsEnvConfig(), deps: { isRoot: false } });
    dir = await mkdtemp(join(tmpdir(), 'cmk-nats-bin-'));
    emptyPathDir = join(dir, 'empty');
    await mkdir(emptyPathDir);
    // Under a name and directory no PATH lookup would ever reach, so only NATS_SERVER_BIN can lead to it.
    linkedBin = join(dir, 'only-via-env-nats-server');
    await symlink(realBin, linkedBin);
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the binary NATS_SERVER_BIN names when PATH has no nats-server', async () => {
    vi.stubEnv('PATH', emptyPathDir);
    vi.stubEnv('NATS_SERVER_BIN', linkedBin);
    await using server = await startNatsServer({ jetstream: false });
    const nc = await connect({ servers: server.url });
    try {
      expect(nc.info?.server_name).toBeDefined();
    } finally {
      await nc.close();
    }
  });

  it('refuses a NATS_SERVER_BIN that is not there, saying how to install nats-server', async () => {
    vi.stubEnv('PATH', emptyPathDir);
    vi.stubEnv('NATS_SERVER_BIN', join(dir, 'missing-nats-server'));
    const error = await startNatsServer({ jetstream: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NatsServerNotFoundError);
    expect((error as Error).message).toContain('NATS_SERVER_BIN=');
    expect((error as Error).message).toContain('brew install nats-server');
  });
});
