import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger.js';
import { client } from '../rpc/client.js';
import { serve } from '../rpc/serve.js';
import { echoContract, echoHandlers } from '../testing/echo-contract.js';
import { type NatsServerHandle, startNatsServer } from '../testing/nats-server.js';
import type { Clock } from './clock.js';
import { ClockStore } from './clock-store.js';
import { TestbedClock } from './testbed-clock.js';

const hour = 3_600_000;

describe('the testbed clock over JetStream', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  let store: ClockStore;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    store = await ClockStore.open(nc);
  });

  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  it('is seen by another process, whose timers fire when the clock is advanced past them', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/clock-watcher.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, server.url, String(hour)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      const events: { event: string; now: number; due: number }[] = [];
      createInterface({ input: child.stdout! }).on('line', (line) => events.push(JSON.parse(line)));
      await expect.poll(() => events.some((e) => e.event === 'ready'), { timeout: 15_000 }).toBe(true);
      expect(events.some((e) => e.event === 'fired')).toBe(false);

      const before = await store.read();
      const after = await store.advance(2 * hour);
      expect(after.offsetMs - before.offsetMs).toBe(2 * hour);

      await expect.poll(() => events.find((e) => e.event === 'fired'), { timeout: 5000 }).toBeDefined();
      const fired = events.find((e) => e.event === 'fired')!;
      expect(fired.now).toBeGreaterThanOrEqual(fired.due);
      expect(fired.now).toBeGreaterThanOrEqual(after.now - 1000);
    } finally {
      child.stdin!.end();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('applies concurrent advances all, never losing one', async () => {
    const before = await store.read();
    await Promise.all(Array.from({ length: 8 }, () => store.advance(1000)));
    const after = await store.read();
    expect(after.offsetMs - before.offsetMs).toBe(8000);
    expect(after.revision).toBeGreaterThan(before.revision);
  });

  it('only moves forward', async () => {
    const { now } = await store.read();
    await expect(store.set(now - hour)).rejects.toThrow(/only moves forward/);
    const set = await store.set(now + 10 * hour);
    expect(set.now).toBeGreaterThanOrEqual(now + 10 * hour);
    await expect(store.advance(-1)).rejects.toThrow(/>= 0/);
  });

  it('refuses a time past year 9999 without writing it, and keeps working', async () => {
    const before = await store.read();
    await expect(store.advance(1e300)).rejects.toThrow(/cannot go past 9999-12-31T23:59:59.999Z/);
    await expect(store.set(8_640_000_000_000_001)).rejects.toThrow(RangeError);
    const after = await store.read();
    expect(after.revision).toBe(before.revision);
    expect(new Date(after.now).toISOString()).toMatch(/^\d{4}-/);
  });

  it("follows its own instance's skew live, also when set before it starts, and no other's", async () => {
    await store.setSkew('skewed-1', { skewMs: 5 * hour });
    const skewed = await TestbedClock.start(nc, { instance: 'skewed-1' });
    const other = await TestbedClock.start(nc, { instance: 'other-1' });
    try {
      expect(skewed.now() - other.now()).toBeGreaterThanOrEqual(5 * hour - 1000);
      await store.setSkew('skewed-1', { skewMs: -hour });
      await expect.poll(() => other.now() - skewed.now()).toBeGreaterThanOrEqual(hour - 1000);
      await store.clearSkew('skewed-1');
      await expect.poll(() => Math.abs(other.now() - skewed.now())).toBeLessThan(1000);
      expect(await store.readSkew('skewed-1')).toBeUndefined();
    } finally {
      skewed.stop();
      other.stop();
    }
  });

  it('makes a callee catch up with a clock change its caller has already seen', async () => {
    // The server's clock only learns of a change when asked to wait for it, as if its watcher lagged: only
    // the revision carried in the request headers can make the handler see the advanced time.
    const applied = { revision: 0, offsetMs: 0 };
    const laggingClock: Clock = {
      now: () => Date.now() + applied.offsetMs,
      revision: () => applied.revision,
      knownRevision: () => applied.revision,
      observeRevision: () => {},
      setTimer: () => () => {},
      async waitForRevision(revision) {
        const reading = await store.read();
        if (reading.revision >= revision) Object.assign(applied, reading);
        return applied.revision >= revision;
      },
    };
    const callerClock = await TestbedClock.start(nc);
    const served = await serve({
      nc,
      contract: echoContract,
      scope: 'eastus',
      instance: 'echo-1',
      region: 'eastus',
      handlers: echoHandlers,
      state: undefined,
      clock: laggingClock,
      log: silentLogger(),
    });
    try {
      const reading = await store.advance(5 * hour);
      callerClock.observeRevision(reading.revision);
      const caller = { service: 't', instance: 't', region: 'eastus' };
      const echo = client(nc, echoContract, { caller, region: 'eastus', clock: callerClock });
      const seen = await echo.clockNow({});
      expect(seen.revision).toBe(reading.revision);
      expect(seen.now).toBeGreaterThanOrEqual(reading.now);
    } finally {
      await served.stop();
      callerClock.stop();
    }
  });
});
