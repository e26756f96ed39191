// Benchmark: time from a chaos `inject` reply to the fault acting in the process it targets, for every
// keyvault and entra process of the default topology (the processes the transport faults act in).
// Per process and round: inject `<service>-error` aimed at that instance, then keep 4 `health` calls in
// flight to its service until one comes back with the injected code — only the targeted instance can answer
// it, so the figure includes at most one request round trip of detection. Needs `npm run build`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chaosContract, client, entraContract, keyvaultContract } from '@cmk-testbed/shared';
import { connect } from 'nats';
import { launchTestbed } from '../src/launch/launch-testbed.js';

const rounds = Number(process.argv[2] ?? 5);
const targetMs = 100;
const code = 'BenchInjected';

async function main() {
  const home = await mkdtemp(join(tmpdir(), 'cmk-bench-'));
  const testbed = await launchTestbed({ home, logLevel: 'warn' });
  const nc = await connect({ servers: testbed.natsUrl.split(',') });
  const caller = { service: 'bench', instance: 'bench-1', region: 'eastus' };
  const chaos = client(nc, chaosContract, { caller });
  try {
    const targets = testbed.supervisor
      .list()
      .filter((p) => p.kind === 'keyvault' || p.kind === 'entra')
      .map((p) => ({ name: p.name, kind: p.kind, region: p.region }));
    const times: number[] = [];
    for (const target of targets) {
      const health =
        target.kind === 'keyvault'
          ? () => client(nc, keyvaultContract, { caller, region: target.region, timeoutMs: 2000 }).health({})
          : () => client(nc, entraContract, { caller, timeoutMs: 2000 }).health({});
      const own: number[] = [];
      for (let round = 0; round < rounds; round++) {
        const kind = target.kind === 'keyvault' ? 'vault-error' : 'entra-error';
        const fault = await chaos.inject({
          kind,
          target: { instance: target.name },
          params: { status: 500, code },
        });
        const injected = performance.now();
        await untilInjectedCodeSeen(health);
        own.push(performance.now() - injected);
        await chaos.clear({ faultId: fault.faultId });
        await untilHealthy(health);
      }
      times.push(...own);
      console.log(
        `${target.name.padEnd(24)} median ${median(own).toFixed(1)} ms, max ${Math.max(...own).toFixed(1)} ms`,
      );
    }
    const sorted = [...times].sort((a, b) => a - b);
    const verdict = sorted.at(-1)! < targetMs ? 'meets' : 'MISSES';
    console.log(
      `inject → active, ${targets.length} processes × ${rounds} rounds: median ${median(times).toFixed(1)} ms, p90 ${sorted[Math.floor(sorted.length * 0.9)]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms (${verdict} a ${targetMs} ms bound)`,
    );
  } finally {
    await chaos.reset({}).catch(() => {});
    await nc.close();
    await testbed.stop();
    await rm(home, { recursive: true, force: true });
  }
}

async function untilInjectedCodeSeen(health: () => Promise<unknown>): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline) {
    const outcomes = await Promise.allSettled([health(), health(), health(), health()]);
    if (outcomes.some((o) => o.status === 'rejected' && (o.reason as { code?: string }).code === code))
      return;
  }
  throw new Error('the injected fault did not act within 10 s');
}

async function untilHealthy(health: () => Promise<unknown>): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline) {
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => health()));
    if (outcomes.every((o) => o.status === 'fulfilled')) return;
  }
  throw new Error('the cleared fault still acted after 10 s');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

await main();
