// Benchmark: the contract layer (serve + client: headers, msgpack, zod both ways, fault hook, clock) against a
// raw `nc.request` to a raw msgpack echo responder, on the same payload and the same nats-server.
// Prints requests per second, sequential and with 64 in flight, and the contract/raw ratio (target >= 85%).
// Usage: tsx bench/rpc-throughput.ts [sequentialCount] [concurrentCount] [rounds]
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
const sequentialCount = Number(process.argv[2] ?? 2000);
const concurrentCount = Number(process.argv[3] ?? 10000);
const rounds = Number(process.argv[4] ?? 5);
const inFlight = 64;

async function rate(count: number, concurrency: number, once: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next++ < count) await once();
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count / ((performance.now() - started) / 1000);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Raw and contract alternate round by round, so a noisy neighbour on a small machine hits both alike; the
 * figure is the median over the rounds.
 */
async function compare(
  label: string,
  count: number,
  concurrency: number,
  raw: () => Promise<unknown>,
  contract: () => Promise<unknown>,
) {
  for (let i = 0; i < 500; i++) await Promise.all([raw(), contract()]); // warm-up: JIT, buffers
  const rawRates: number[] = [];
  const contractRates: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const r = await rate(count, concurrency, raw);
    const c = await rate(count, concurrency, contract);
    rawRates.push(r);
    contractRates.push(c);
    ratios.push(c / r);
  }
  console.log(
    `${label.padEnd(16)} raw ${median(rawRates).toFixed(0).padStart(6)} req/s   contract ${median(contractRates).toFixed(0).padStart(6)} req/s   contract/raw ${(100 * median(ratios)).toFixed(1)}% (rounds: ${ratios.map((x) => `${(100 * x).toFixed(0)}%`).join(' ')})`,
  );
  return median(ratios);
}

async function main() {
  await using server = await startNatsServer({ jetstream: false });
  // Both paths share these connections, configured as the services configure theirs.
  const serverNc: NatsConnection = await connect({ servers: server.url, noAsyncTraces: true });
  const clientNc: NatsConnection = await connect({ servers: server.url, noAsyncTraces: true });
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

    console.log(
      `payload: ${encodeBody(payload).length} bytes msgpack; node ${process.version}; ${rounds} rounds each`,
    );
    const sequential = await compare('sequential', sequentialCount, 1, raw, contract);
    const concurrent = await compare(`${inFlight} in flight`, concurrentCount, inFlight, raw, contract);
    const verdict = (x: number) => (x >= 0.85 ? 'meets' : 'MISSES');
    console.log(
      `contract/raw: sequential ${(100 * sequential).toFixed(1)}% (${verdict(sequential)}), ${inFlight} in flight ${(100 * concurrent).toFixed(1)}% (${verdict(concurrent)}); target >= 85%`,
    );
    await served.stop();
  } finally {
    await clientNc.close();
    await serverNc.close();
  }
}

await main();
