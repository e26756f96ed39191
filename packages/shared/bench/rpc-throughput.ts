// Benchmark: the contract layer (serve + client: headers, msgpack, zod both ways, fault hook, clock) against a
// raw `nc.request` to a raw msgpack echo responder, on the same payload and the same nats-server.
// Prints requests per second, sequential and with 64 in flight, and the contract/raw ratio (target >= 85%).
import { connect, type NatsConnection } from 'nats';
import { FaultEngine } from '../src/faults/fault-engine.js';
import { silentLogger } from '../src/log/logger.js';
import { client } from '../src/rpc/client.js';
import { serve } from '../src/rpc/serve.js';
import { echoContract, echoHandlers } from '../src/testing/echo-contract.js';
import { startNatsServer } from '../src/testing/nats-server.js';
import { FakeClock } from '../src/time/fake-clock.js';
import { decodeBody, encodeBody } from '../src/wire/codec.js';

const payload = { text: 'x'.repeat(256), n: 7, bytes: new Uint8Array(256).fill(7) };
const sequentialCount = Number(process.argv[2] ?? 4000);
const concurrentCount = Number(process.argv[3] ?? 20000);
const inFlight = 64;

async function measure(label: string, count: number, concurrency: number, once: () => Promise<unknown>) {
  for (let i = 0; i < 500; i++) await once(); // warm-up: JIT and connection buffers
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next++ < count) await once();
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const perSecond = count / seconds;
  console.log(
    `${label.padEnd(36)} ${String(count).padStart(6)} req  ${perSecond.toFixed(0).padStart(7)} req/s`,
  );
  return perSecond;
}

async function main() {
  await using server = await startNatsServer({ jetstream: false });
  const serverNc: NatsConnection = await connect({ servers: server.url });
  const clientNc: NatsConnection = await connect({ servers: server.url });
  try {
    const rawSubject = 'bench.raw.echo';
    serverNc.subscribe(rawSubject, {
      queue: 'bench',
      callback: (_err, msg) => {
        const body = decodeBody(msg.data) as Record<string, unknown>;
        msg.respond(encodeBody({ ...body, instance: 'raw' }));
      },
    });
    const served = await serve({
      nc: serverNc,
      contract: echoContract,
      scope: 'eastus',
      instance: 'bench-1',
      region: 'eastus',
      handlers: echoHandlers,
      state: undefined,
      clock: new FakeClock(),
      log: silentLogger(),
      faults: new FaultEngine(),
    });
    await serverNc.flush();
    const echo = client(clientNc, echoContract, {
      caller: { service: 'bench', instance: 'bench', region: 'eastus' },
      region: 'eastus',
      faults: new FaultEngine(),
    });
    const raw = async () =>
      decodeBody((await clientNc.request(rawSubject, encodeBody(payload), { timeout: 5000 })).data);
    const contract = () => echo.echo(payload);

    console.log(`payload: ${encodeBody(payload).length} bytes msgpack; node ${process.version}`);
    const rawSeq = await measure('raw nc.request, sequential', sequentialCount, 1, raw);
    const conSeq = await measure('contract client, sequential', sequentialCount, 1, contract);
    const rawPar = await measure(`raw nc.request, ${inFlight} in flight`, concurrentCount, inFlight, raw);
    const conPar = await measure(
      `contract client, ${inFlight} in flight`,
      concurrentCount,
      inFlight,
      contract,
    );
    const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
    console.log(
      `contract/raw sequential: ${pct(conSeq, rawSeq)}   ${inFlight} in flight: ${pct(conPar, rawPar)}   (target >= 85%)`,
    );
    await served.stop();
  } finally {
    await clientNc.close();
    await serverNc.close();
  }
}

await main();
