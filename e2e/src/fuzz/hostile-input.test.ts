import type { ProcessInfo } from '@cmk-testbed/shared';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTestbed, TestbedDriver } from '../drivers/driver.js';
import { pickDriver } from '../drivers/pick-driver.js';
import { fuzzConfig, targetSeed } from './fuzz-config.js';
import { createFuzzFixture } from './fuzz-fixture.js';
import { MessageMaker } from './fuzz-message.js';
import { planMessages, planSizeBoundary } from './fuzz-plan.js';
import { type RssRow, rssGrowthOf, rssTable, targetLine, trafficTable } from './fuzz-report.js';
import { fuzzTarget, type TargetTally } from './fuzz-target.js';
import { fuzzTargets } from './fuzz-targets.js';
import { hostileValues } from './hostile-values.js';
import { createPrng } from './prng.js';
import { proveServicesWork } from './prove-services-work.js';
import { readRssMiB } from './read-rss.js';
import { ShapeFiller } from './shape-filler.js';

const messagesPerService = 2_000;
const unknownMessages = 80;
const inFlight = 32;
/** The 1 MiB requests go a few at a time: 32 of them at once would measure buffering, not the services. */
const boundaryInFlight = 4;
/** Longer than the services' own default deadline (5 s) for requests whose Cmk-Call header gives none. */
const replyTimeoutMs = 8_000;
/**
 * Generous on purpose. A healthy service ends the run 40-130 MiB above its idle RSS: V8 keeps the heap it
 * grew for the biggest messages (1 MiB bodies, 100k-level nesting), and a second round of them adds
 * nearly nothing. Growth past this bound is a process keeping what it was sent.
 */
const rssGrowthLimitMiB = 256;

describe('hostile input: malformed and random messages to every operation of every contract', () => {
  let driver: TestbedDriver;
  let t: RunningTestbed;
  let nc: NatsConnection;
  let seed: number;
  let only: readonly string[] | undefined;
  let regions: string[];
  let processesBefore: ProcessInfo[];
  let rss: RssRow[] = [];
  const tallies: TargetTally[] = [];

  beforeAll(async () => {
    driver = await pickDriver();
    console.log(`driver: ${driver.name} (${driver.reason})`);
    t = await driver.start({ label: 'fuzz' });
    await t.tb.chaos.reset({});
    nc = await connect({ servers: t.natsUrl.split(','), name: 'cmk-e2e-fuzzer' });
    ({ seed, only } = fuzzConfig());
    const replay = `FUZZ_SEED=${seed}${only ? ` FUZZ_TARGETS=${only.join(',')}` : ''}`;
    console.log(`fuzz seed: ${seed} (replay with ${replay})`);
    processesBefore = await t.processes();
    regions = [...new Set(processesBefore.filter((p) => p.kind === 'storage').map((p) => p.region))].sort();
    if (driver.name === 'process') {
      const supervisor = await t.tb.processes.health({});
      const rows = [
        ...processesBefore.map((p) => ({ name: p.name, pid: p.pid ?? 0 })),
        { name: 'supervisor (testbed contract)', pid: supervisor.pid },
      ];
      rss = await Promise.all(rows.map(async (r) => ({ ...r, before: await readRssMiB(r.pid) })));
    }
  });

  afterAll(async () => {
    await nc?.close();
    await t?.stop();
  });

  it('answers every message with a valid reply or a clean Azure-shaped error, never hanging', async () => {
    const pool = hostileValues(await createFuzzFixture(t.tb, regions, seed));
    const maxPayload = nc.info?.max_payload ?? 1024 * 1024;
    const targets = fuzzTargets(regions).filter((x) => !only || only.includes(x.label));
    expect(targets.length, `FUZZ_TARGETS=${only?.join(',')} names no target`).toBeGreaterThan(0);
    const started = performance.now();
    for (const target of targets) {
      const prng = createPrng(targetSeed(seed, target.label));
      const maker = new MessageMaker(target, { prng, filler: new ShapeFiller(pool, prng), pool, maxPayload });
      const main = planMessages(maker, { minMessages: messagesPerService, unknownMessages });
      const phases = [
        { plan: main, concurrency: inFlight },
        { plan: planSizeBoundary(maker), concurrency: boundaryInFlight },
      ];
      const tally = await fuzzTarget(nc, target, phases, replyTimeoutMs);
      tallies.push(tally);
      console.log(targetLine(tally));
    }
    const wallS = (performance.now() - started) / 1000;
    const sent = tallies.reduce((n, x) => n + x.sent, 0);
    console.log(
      `fuzz: ${sent} messages in ${wallS.toFixed(1)} s (${Math.round(sent / wallS)}/s, ${inFlight} in flight, max_payload ${maxPayload} B, seed ${seed})\n${trafficTable(tallies)}`,
    );

    const failures = tallies.flatMap((x) => x.failures.map((f) => ({ service: x.label, ...f })));
    const count = tallies.reduce((n, x) => n + x.failureCount, 0);
    const listed = JSON.stringify(failures, null, 1);
    expect
      .soft(failures, `${count} bad outcomes (seed ${seed}); the first of each service:\n${listed}`)
      .toEqual([]);
    for (const x of tallies) {
      const delivered = x.sent - x.verdicts.refused;
      expect.soft(delivered, `${x.label}: messages delivered`).toBeGreaterThanOrEqual(messagesPerService);
      expect.soft(x.verdicts.refused, `${x.label}: refusals over max_payload`).toBeGreaterThanOrEqual(1);
    }
  });

  it('leaves every process of the testbed running, none restarted', async () => {
    expect(tallies.length, 'the fuzz ran').toBeGreaterThan(0);
    // Memory first: if the supervisor fell, the process list is out of reach but /proc still answers.
    for (const row of rss) row.after = await readRssMiB(row.pid);
    const after = await t.processes();
    const view = (list: ProcessInfo[]) =>
      list.map((p) => ({ name: p.name, state: p.state, pid: p.pid, restarts: p.restarts }));
    expect(view(after)).toEqual(view(processesBefore).map((p) => ({ ...p, state: 'running' })));
  });

  it(`keeps memory bounded: no process grows by more than ${rssGrowthLimitMiB} MiB`, () => {
    expect(tallies.length, 'the fuzz ran').toBeGreaterThan(0);
    if (driver.name !== 'process') {
      console.log(`RSS not measured: the ${driver.name} driver runs the services in containers`);
      return;
    }
    console.log(`RSS (MiB, /proc/<pid>/status VmRSS) before and after the fuzz\n${rssTable(rss)}`);
    for (const r of rss) {
      expect(r.after, `${r.name} (pid ${r.pid}) is still there`).toBeDefined();
      expect(rssGrowthOf(r), `${r.name} RSS growth, MiB`).toBeLessThan(rssGrowthLimitMiB);
    }
  });

  it('still creates tenants, vaults and accounts and stores and reads blobs afterwards', async () => {
    await proveServicesWork(t.tb, regions);
  });
});
