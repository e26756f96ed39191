import { connectTestbed, type ProcessInfo, type Testbed } from '@cmk-testbed/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTestbed } from '../drivers/driver.js';
import { pickDriver } from '../drivers/pick-driver.js';
import { createCmkWorld } from '../support/cmk-world.js';
import { attributeFailures, type Outage } from './attribute-failures.js';
import { BlobLoad } from './blob-load.js';
import { createLoadTargets } from './create-load-targets.js';
import { findLostWrites } from './find-lost-writes.js';
import { formatCrashReport } from './format-crash-report.js';
import { killAndRestart } from './kill-and-restart.js';
import { planKills } from './plan-kills.js';

// A request caught in flight by a kill fails after this long; it bounds how far an outage reaches.
const loadTimeoutMs = 5_000;

// Storage nodes cache tokens (until near expiry, P1D) and unwrapped keys (PT10M), which would hide an
// identity or vault outage from the load. Moving the clock past them while the process is down makes every
// CMK request need it, so its outage window is real, and recovery after the restart is tested.
const expireCachesWhileDown: Partial<Record<ProcessInfo['kind'], string>> = {
  entra: 'P1DT1H',
  keyvault: 'PT11M',
};

describe('crash safety: each service kind SIGKILLed and restarted under a bounded blob load', () => {
  const suiteStartedAt = Date.now();
  let t: RunningTestbed | undefined;
  let loadClient: Testbed | undefined;

  beforeAll(async () => {
    const driver = await pickDriver();
    console.log(`e2e driver: ${driver.name} (${driver.reason})`);
    t = await driver.start({ label: 'crash-safety' });
    await t.tb.chaos.reset({});
    // The load has a connection of its own, with a short timeout, as an application would.
    loadClient = await connectTestbed(t.natsUrl.split(','), {
      timeoutMs: loadTimeoutMs,
      instance: 'e2e-load',
    });
  });

  afterAll(async () => {
    await loadClient?.close();
    await t?.stop();
    console.log(`crash-safety wall time: ${((Date.now() - suiteStartedAt) / 1000).toFixed(1)} s`);
  });

  it('loses no acknowledged write, and requests fail only while a killed process is down', async () => {
    const { tb } = t!;
    const world = await createCmkWorld(tb, { name: 'crash' });
    const targets = await createLoadTargets(tb, world, { cmk: 2, platform: 2 });
    const plan = planKills(await t!.processes());
    for (const { kind, reason } of plan.skipped) console.log(`not killed: ${kind}: ${reason}`);

    const load = new BlobLoad(loadClient!.storage, targets, { workers: 4 });
    const outages: Outage[] = [];
    try {
      await waitForOps(load, 100);
      for (const { name, kind } of plan.targets) {
        const by = expireCachesWhileDown[kind];
        const whileDown = by
          ? async () => {
              const from = Date.now();
              await tb.clock.advance({ by });
              console.log(`${name} down: clock +${by} (${Date.now() - from} ms)`);
            }
          : undefined;
        outages.push(await killAndRestart(t!, load, name, whileDown));
      }
      await waitForOps(load, 100);
    } finally {
      await load.stop();
    }

    const lost = await findLostWrites(loadClient!.storage, load.acked);
    const { windows, stray } = attributeFailures(outages, load.errors);
    console.log(`crash-safety report\n${formatCrashReport(load, windows, lost)}`);
    expect(load.corrupt, 'reads that returned other content than was acknowledged').toEqual([]);
    expect(lost, 'acknowledged writes not readable afterwards').toEqual([]);
    expect(stray, 'errors outside every outage window').toEqual([]);
    expect(outages.map((o) => o.target)).toEqual(plan.targets.map((p) => p.name));
    expect(load.acked.length).toBeGreaterThan(100);
  });
});

async function waitForOps(load: BlobLoad, ops: number): Promise<void> {
  const from = load.finished;
  await expect
    .poll(() => load.finished - from, { timeout: 30_000, interval: 20 })
    .toBeGreaterThanOrEqual(ops);
}
