// Benchmark: default topology cold start, from nothing to every process answering $SRV.PING (target < 3 s).
// Each round uses a fresh run directory, so JetStream starts empty as on a first `up`. Needs `npm run build`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchTestbed } from '../src/launch/launch-testbed.js';

const rounds = Number(process.argv[2] ?? 5);
const targetMs = 3000;

async function main() {
  const times: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const home = await mkdtemp(join(tmpdir(), 'cmk-bench-'));
    const started = performance.now();
    const testbed = await launchTestbed({ home, logLevel: 'warn' });
    const readyMs = performance.now() - started;
    const count = testbed.supervisor.list().length;
    await testbed.stop();
    await rm(home, { recursive: true, force: true });
    times.push(readyMs);
    console.log(`round ${round}: ${count} processes ready in ${readyMs.toFixed(0)} ms`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const verdict = median < targetMs ? 'meets' : 'MISSES';
  console.log(
    `cold start to all-ready: median ${median.toFixed(0)} ms, min ${sorted[0]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms (${verdict} the < ${targetMs} ms target; ${(median / targetMs).toFixed(2)} of it)`,
  );
}

await main();
