// Benchmark: wall time of the built-in scenario library (packages/chaos/scenarios) on the default topology,
// from the first scenario's setup to the last scenario's reset, as `npm start` runs it. Target (DESIGN.md §6):
// under 60 s for at least 40 scenarios. Prints the total, the per-scenario distribution and the slowest
// five. Run 3 times by default (argv[2]) on fresh testbeds; the figure is the median. Needs `npm run build`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandScenarioPaths, runScenarioFiles } from '@cmk-testbed/chaos';
import { connectTestbed } from '@cmk-testbed/shared';
import { launchTestbed } from '../src/launch/launch-testbed.js';
import { resolvePackagesDir } from '../src/topology/resolve-packages-dir.js';

const runs = Number(process.argv[2] ?? 3);
const targetMs = 60_000;

async function once() {
  const home = await mkdtemp(join(tmpdir(), 'cmk-bench-'));
  const testbed = await launchTestbed({ home, logLevel: 'warn' });
  const tb = await connectTestbed(testbed.natsUrl.split(','));
  try {
    const files = await expandScenarioPaths([join(resolvePackagesDir(), 'chaos', 'scenarios')]);
    const result = await runScenarioFiles(tb, testbed.natsUrl, files, { seed: 1 });
    return result;
  } finally {
    await tb.close();
    await testbed.stop();
    await rm(home, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const walls: number[] = [];
  let last: Awaited<ReturnType<typeof once>> | undefined;
  for (let i = 0; i < runs; i++) {
    last = await once();
    const wall = last.endedAt - last.startedAt;
    const passed = last.scenarios.filter((s) => s.outcome === 'passed').length;
    console.log(
      `run ${i + 1}: ${last.scenarios.length} scenarios, ${passed} passed, wall ${(wall / 1000).toFixed(2)} s`,
    );
    walls.push(wall);
  }
  const per = last!.scenarios.map((s) => ({ name: s.name, ms: s.endedAt - s.startedAt }));
  const times = per.map((p) => p.ms);
  console.log(
    `per scenario (last run): median ${median(times)} ms, max ${Math.max(...times)} ms, sum ${times.reduce((a, b) => a + b, 0)} ms`,
  );
  console.log(
    'slowest:',
    per
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5)
      .map((p) => `${p.name} ${p.ms} ms`)
      .join(', '),
  );
  const wall = median(walls);
  console.log(
    `library wall time (median of ${runs}): ${(wall / 1000).toFixed(2)} s for ${last!.scenarios.length} scenarios; target < ${targetMs / 1000} s: ${wall < targetMs ? 'met' : 'MISSED'} (ratio ${(wall / targetMs).toFixed(2)})`,
  );
}

await main();
