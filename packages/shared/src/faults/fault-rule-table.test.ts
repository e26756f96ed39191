import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger.js';
import { client } from '../rpc/client.js';
import { type ServedService, serve } from '../rpc/serve.js';
import { operationSubject } from '../rpc/subjects.js';
import { echoContract, echoHandlers } from '../testing/echo-contract.js';
import { type NatsServerHandle, startNatsServer } from '../testing/nats-server.js';
import { FakeClock } from '../time/fake-clock.js';
import { encodeBody } from '../wire/codec.js';
import { FaultEngine } from './fault-engine.js';
import { FaultRuleTable } from './fault-rule-table.js';

const caller = { service: 'test', instance: 'test-1', region: 'eastus' };

describe('transport faults from the JetStream rule table, live', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  let table: FaultRuleTable;
  let serverEngine: FaultEngine;
  let clientEngine: FaultEngine;
  let service: ServedService;
  const feeds: { stop(): void }[] = [];

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    table = await FaultRuleTable.open(nc);
    serverEngine = new FaultEngine();
    clientEngine = new FaultEngine();
    const onBad = (key: string, e: unknown) => {
      throw new Error(`bad rule ${key}: ${e}`);
    };
    feeds.push(await table.feed(serverEngine, onBad), await table.feed(clientEngine, onBad));
    service = await serve({
      nc,
      contract: echoContract,
      scope: 'eastus',
      instance: 'echo-eastus-1',
      region: 'eastus',
      handlers: echoHandlers,
      state: undefined,
      clock: new FakeClock(),
      log: silentLogger(),
      faults: serverEngine,
    });
  });

  afterAll(async () => {
    for (const f of feeds) f.stop();
    await service?.stop();
    await nc?.close();
    await server?.stop();
  });

  beforeEach(async () => {
    await table.clear();
    await expect.poll(() => serverEngine.rules().length + clientEngine.rules().length).toBe(0);
    await expect.poll(() => service.up).toBe(true);
  });

  const echo = (timeoutMs = 2000) =>
    client(nc, echoContract, { caller, region: 'eastus', timeoutMs, faults: clientEngine });

  const activate = async (rule: Parameters<FaultRuleTable['put']>[0]) => {
    await table.put(rule);
    await expect.poll(() => serverEngine.rules().some((r) => r.id === rule.id)).toBe(true);
  };

  it('latency: delays the reply by the injected time', async () => {
    await activate({ id: 'slow', kind: 'latency', latencyMs: 150, match: { service: 'echo' } });
    const started = performance.now();
    await echo().echo({ text: 'a', n: 1 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('error: replies with the injected status and code instead of handling', async () => {
    await activate({
      id: 'err',
      kind: 'error',
      error: { status: 429, code: 'Throttled', message: 'slow down' },
    });
    await expect(echo().echo({ text: 'a', n: 1 })).rejects.toMatchObject({
      status: 429,
      code: 'Throttled',
      message: 'slow down',
    });
  });

  it('unavailable: never replies, so the caller times out', async () => {
    await activate({ id: 'hang', kind: 'unavailable', match: { operation: 'echo' } });
    await expect(echo(150).echo({ text: 'a', n: 1 })).rejects.toMatchObject({ code: 'OperationTimedOut' });
    await expect(echo().health({})).resolves.toMatchObject({ status: 'ok' });
  });

  it('down at the server: the instance leaves the bus, even raw NATS callers get no responders', async () => {
    await activate({ id: 'down', kind: 'down', match: { service: 'echo' } });
    await expect.poll(() => service.up).toBe(false);
    await expect(echo().echo({ text: 'a', n: 1 })).rejects.toMatchObject({
      status: 503,
      innerCode: 'NoResponders',
    });
    const raw = nc.request(
      operationSubject(echoContract, 'eastus', 'echo'),
      encodeBody({ text: 'a', n: 1 }),
      { timeout: 1000 },
    );
    await expect(raw).rejects.toMatchObject({ code: '503' });
    await table.delete('down');
    await expect.poll(() => service.up).toBe(true);
    await expect(echo().echo({ text: 'back', n: 1 })).resolves.toMatchObject({ text: 'back' });
  });

  it('down at the client: the caller sees no responders while the service stays up for others', async () => {
    await table.put({ id: 'partition', kind: 'down', at: 'client', match: { callerRegion: 'eastus' } });
    await expect.poll(() => clientEngine.rules().length).toBe(1);
    await expect(echo().echo({ text: 'a', n: 1 })).rejects.toMatchObject({ code: 'ServiceUnavailable' });
    const other = client(nc, echoContract, {
      caller: { ...caller, region: 'westeurope' },
      region: 'eastus',
      faults: clientEngine,
    });
    await expect(other.echo({ text: 'a', n: 1 })).resolves.toMatchObject({ text: 'a' });
    expect(service.up).toBe(true);
  });

  it('drop: loses a seeded share of the messages', async () => {
    await activate({ id: 'lossy', kind: 'drop', probability: 0.5, seed: 42 });
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        echo(200)
          .echo({ text: 'a', n })
          .then(
            () => 'ok',
            (e: { code: string }) => e.code,
          ),
      ),
    );
    const lost = outcomes.filter((o) => o === 'OperationTimedOut').length;
    expect(lost).toBeGreaterThan(5);
    expect(lost).toBeLessThan(35);
    expect(outcomes.filter((o) => o !== 'ok' && o !== 'OperationTimedOut')).toEqual([]);
  });

  it('clearing the table brings normal service back at once', async () => {
    await activate({ id: 'err', kind: 'error', error: { status: 500, code: 'Boom' } });
    await expect(echo().echo({ text: 'a', n: 1 })).rejects.toMatchObject({ code: 'Boom' });
    await table.clear();
    await expect.poll(() => serverEngine.rules().length).toBe(0);
    await expect(echo().echo({ text: 'a', n: 1 })).resolves.toMatchObject({ text: 'a' });
  });

  it('lists every rule and clears them all', async () => {
    await table.put({ id: 'r1', kind: 'latency', latencyMs: 1 });
    await table.put({ id: 'r2', kind: 'drop', probability: 0.1 });
    await table.put({ id: 'r3', kind: 'unavailable', match: { operation: 'nope' } });
    expect((await table.list()).map((r) => r.id).sort()).toEqual(['r1', 'r2', 'r3']);
    await table.clear();
    expect(await table.list()).toEqual([]);
    await expect.poll(() => serverEngine.rules().length).toBe(0);
  });

  it('refuses an invalid rule at put time, naming the field', async () => {
    await expect(table.put({ id: 'x', kind: 'latency', latencyMs: -5 } as never)).rejects.toThrow(
      /latencyMs/,
    );
  });
});
