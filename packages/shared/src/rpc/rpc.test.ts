import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger.js';
import { echoContract, echoHandlers } from '../testing/echo-contract.js';
import { type NatsServerHandle, startNatsServer } from '../testing/nats-server.js';
import { FakeClock } from '../time/fake-clock.js';
import { AzureError } from '../wire/azure-error.js';
import { decodeBody, encodeBody } from '../wire/codec.js';
import { isServiceDown, isTimeout } from '../wire/transport-errors.js';
import { client } from './client.js';
import { type ServedService, serve } from './serve.js';
import { operationSubject } from './subjects.js';

const caller = { service: 'test', instance: 'test-1', region: 'eastus' };

describe('the rpc layer over a real nats-server', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  const served: ServedService[] = [];

  const start = async (instance: string, region = 'eastus') => {
    const s = await serve({
      nc,
      contract: echoContract,
      scope: region,
      instance,
      region,
      handlers: echoHandlers,
      state: undefined,
      clock: new FakeClock(),
      log: silentLogger(),
    });
    served.push(s);
    return s;
  };

  beforeAll(async () => {
    server = await startNatsServer({ jetstream: false });
    nc = await connect({ servers: server.url });
    await start('echo-eastus-1');
  });

  afterAll(async () => {
    for (const s of served) await s.stop();
    await nc?.close();
    await server?.stop();
  });

  it('round-trips a typed request and reply, binary fields as bytes', async () => {
    const echo = client(nc, echoContract, { caller, region: 'eastus' });
    const bytes = new Uint8Array([0, 1, 2, 255]);
    const reply = await echo.echo({ text: 'hello', n: 42, bytes });
    expect(reply).toEqual({ text: 'hello', n: 42, bytes, instance: 'echo-eastus-1' });
    expect(reply.bytes).toBeInstanceOf(Uint8Array);
  });

  it('answers the common health operation with the instance identity', async () => {
    const echo = client(nc, echoContract, { caller, region: 'eastus' });
    const health = await echo.health({});
    expect(health).toMatchObject({
      status: 'ok',
      service: 'echo',
      instance: 'echo-eastus-1',
      region: 'eastus',
    });
  });

  it('rejects a bad request body with a 400 that names the field and keeps serving', async () => {
    const echo = client(nc, echoContract, { caller, region: 'eastus' });
    const error = await echo.call('echo', { text: 7, n: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzureError);
    expect(error).toMatchObject({ status: 400, code: 'InvalidInput' });
    expect((error as AzureError).message).toMatch(/text: .*expected string/);
    expect((error as AzureError).message).toMatch(/n: .*expected number/);
    expect((error as AzureError).details?.issues).toHaveLength(2);
    await expect(echo.echo({ text: 'still here', n: 1 })).resolves.toMatchObject({ text: 'still here' });
  });

  it('rejects unknown fields by name', async () => {
    const echo = client(nc, echoContract, { caller, region: 'eastus' });
    await expect(echo.call('echo', { text: 'a', n: 1, extra: true })).rejects.toThrow(/extra/);
  });

  it('answers garbage bytes from a raw NATS client with a clean 400', async () => {
    const subject = operationSubject(echoContract, 'eastus', 'echo');
    const reply = await nc.request(subject, new Uint8Array([0xc1, 0xff, 0x00]), { timeout: 2000 });
    expect(reply.headers?.get('Nats-Service-Error-Code')).toBe('400');
    expect(decodeBody(reply.data)).toMatchObject({ status: 400, code: 'InvalidInput' });
    expect((decodeBody(reply.data) as { message: string }).message).toMatch(/not valid msgpack/);
  });

  it('carries an Azure-shaped error from the handler to the caller unchanged', async () => {
    const echo = client(nc, echoContract, { caller, region: 'eastus' });
    const sent = {
      status: 403,
      code: 'Forbidden',
      innerCode: 'KeyDisabled',
      message: 'Operation unwrapKey is not allowed on a disabled key.',
    };
    const error = await echo.fail(sent).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzureError);
    expect((error as AzureError).toBody()).toMatchObject(sent);
  });

  it('turns a handler bug into 500 InternalError, and so is a reply that breaks the contract', async () => {
    const echo = client(nc, echoContract, { caller, region: 'eastus' });
    await expect(echo.crash({})).rejects.toMatchObject({ status: 500, code: 'InternalError' });
    await expect(echo.badReply({})).rejects.toMatchObject({ status: 500, code: 'InternalError' });
  });

  it('tells a service that is down (no responders) from one that hangs (timeout)', async () => {
    const down = client(nc, echoContract, { caller, region: 'westeurope' });
    const downError = await down.echo({ text: 'x', n: 1 }).catch((e: unknown) => e);
    expect(isServiceDown(downError)).toBe(true);
    expect(downError).toMatchObject({ status: 503, code: 'ServiceUnavailable', innerCode: 'NoResponders' });

    const hung = client(nc, echoContract, { caller, region: 'eastus', timeoutMs: 100 });
    const hungError = await hung.slow({ ms: 1000 }).catch((e: unknown) => e);
    expect(isTimeout(hungError)).toBe(true);
    expect(hungError).toMatchObject({ status: 504, code: 'OperationTimedOut' });
  });

  it('refuses a request whose deadline passed before it arrived, without running the handler', async () => {
    const subject = operationSubject(echoContract, 'eastus', 'echo');
    const { writeCallContext } = await import('./call-context.js');
    const headers = writeCallContext({
      requestId: 'r-late',
      deadline: Date.now() - 50,
      caller,
      origin: { ip: '198.51.100.1', trustedService: false },
      clockRevision: 0,
    });
    const reply = await nc.request(subject, encodeBody({ text: 'late', n: 1 }), { timeout: 2000, headers });
    expect(decodeBody(reply.data)).toMatchObject({ status: 504, code: 'DeadlineExceeded' });
  });

  it('gives up on its own deadline even when the caller passes a longer timeout', async () => {
    const echo = client(nc, echoContract, { caller, region: 'eastus', timeoutMs: 5000 });
    const error = await echo.slow({ ms: 2000 }, { deadline: Date.now() + 100 }).catch((e: unknown) => e);
    expect(isTimeout(error)).toBe(true);
  });

  it('refuses an operation that is not in the contract', async () => {
    const echo = client(nc, echoContract, { caller, region: 'eastus' });
    await expect(echo.call('nope', {})).rejects.toMatchObject({ status: 400, code: 'UnknownOperation' });
  });

  it('spreads requests over the replicas of a queue group', async () => {
    await start('echo-westeurope-1', 'westeurope');
    await start('echo-westeurope-2', 'westeurope');
    const echo = client(nc, echoContract, { caller, region: 'westeurope' });
    const seen = new Set<string>();
    for (let i = 0; i < 64 && seen.size < 2; i++) seen.add((await echo.echo({ text: 't', n: i })).instance);
    expect(seen).toEqual(new Set(['echo-westeurope-1', 'echo-westeurope-2']));
  });
});

describe('a request larger than the bus carries', () => {
  it('is refused with 413 RequestBodyTooLarge before anything is sent, and the connection stays usable', async () => {
    await using server = await startNatsServer({ jetstream: false });
    const nc = await connect({ servers: server.url });
    try {
      await serve({
        nc,
        contract: echoContract,
        scope: 'eastus',
        instance: 'e',
        region: 'eastus',
        handlers: echoHandlers,
        state: undefined,
        clock: new FakeClock(),
        log: silentLogger(),
      });
      const echo = client(nc, echoContract, { caller, region: 'eastus' });
      // nats-server's default max_payload is 1 MiB: a 1 MiB text plus its envelope does not fit.
      await expect(echo.echo({ text: 'x'.repeat(1 << 20), n: 1 })).rejects.toMatchObject({
        status: 413,
        code: 'RequestBodyTooLarge',
        message: /at most 1048576 bytes/,
      });
      await expect(echo.echo({ text: 'small', n: 1 })).resolves.toMatchObject({ text: 'small' });
    } finally {
      await nc.close();
    }
  });
});
