import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { echoContract, echoHandlers } from '../testing/echo-contract.js';
import { type NatsServerHandle, startNatsServer } from '../testing/nats-server.js';
import { FakeClock } from '../time/fake-clock.js';
import { newRequestId } from './call-context.js';
import { client } from './client.js';
import type { HandlerTable } from './handler.js';
import { type ServedService, serve } from './serve.js';

const caller = { service: 'test', instance: 'test-1', region: 'eastus' };

type LogLine = Record<string, unknown>;

describe('the log lines of a request', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  let served: ServedService;
  const lines: LogLine[] = [];

  const handlers = {
    ...echoHandlers,
    echo: (req, _state, ctx) => {
      ctx.log.info({ n: req.n }, 'echoing');
      return { ...req, instance: ctx.instance };
    },
  } satisfies HandlerTable<typeof echoContract, unknown>;

  beforeAll(async () => {
    server = await startNatsServer({ jetstream: false });
    nc = await connect({ servers: server.url });
    served = await serve({
      nc,
      contract: echoContract,
      scope: 'eastus',
      instance: 'echo-eastus-7',
      region: 'eastus',
      handlers,
      state: undefined,
      clock: new FakeClock(),
      log: createLogger({
        service: 'echo',
        instance: 'echo-eastus-7',
        destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
      }),
    });
  });

  afterAll(async () => {
    await served?.stop();
    await nc?.close();
    await server?.stop();
  });

  const linesWith = (msg: string) => lines.filter((line) => line.msg === msg);

  it("carry the service, the instance and the caller's request id", async () => {
    const echo = client(nc, echoContract, { caller, region: 'eastus' });
    const first = newRequestId();
    const second = newRequestId();
    await echo.echo({ text: 'a', n: 1 }, { requestId: first });
    await echo.echo({ text: 'b', n: 2 }, { requestId: second });
    expect(linesWith('echoing')).toEqual([
      expect.objectContaining({
        service: 'echo',
        instance: 'echo-eastus-7',
        requestId: first,
        operation: 'echo',
        caller: 'test-1',
        n: 1,
      }),
      expect.objectContaining({ service: 'echo', instance: 'echo-eastus-7', requestId: second, n: 2 }),
    ]);
  });

  it('let a 500 be traced to its log line: both name the same request id', async () => {
    const echo = client(nc, echoContract, { caller, region: 'eastus' });
    const requestId = newRequestId();
    const error = await echo.crash({}, { requestId }).catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ status: 500, message: expect.stringContaining(`RequestId:${requestId}`) });
    expect(linesWith('BUG: handler threw a non-Azure error')).toEqual([
      expect.objectContaining({ service: 'echo', instance: 'echo-eastus-7', requestId, operation: 'crash' }),
    ]);
  });
});
