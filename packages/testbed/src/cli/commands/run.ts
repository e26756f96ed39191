import { resolve } from 'node:path';
import {
  expandScenarioPaths,
  type RunResult,
  runScenarioFiles,
  type ScenarioResult,
  writeReports,
} from '@cmk-testbed/chaos';
import { connectTestbed } from '@cmk-testbed/shared';
import type { CliConfig } from '../../config.js';
import { type LaunchedTestbed, launchTestbed } from '../../launch/launch-testbed.js';
import { formatTable } from '../format-table.js';
import { type CliIo, UsageError } from '../io.js';

export interface RunOptions {
  paths: string[];
  connect: string | undefined;
  report: string | undefined;
  seed: string | undefined;
  topology: string | undefined;
}

/**
 * `cmk-testbed run FILE|DIR... [--connect NATS_URL] [--report DIR] [--seed N] [--topology FILE]`: runs
 * scenario files one after another on one testbed (started here and stopped at the end, unless --connect
 * names a running one), prints a progress line per scenario and a summary table, writes junit.xml,
 * report.json and report.html, and exits 0 only if every scenario passed.
 */
export async function runCommand(options: RunOptions, config: CliConfig, io: CliIo): Promise<number> {
  if (options.paths.length === 0) throw new UsageError('run: name at least one scenario FILE or DIR');
  const seed = parseSeed(options.seed);
  const files = await expandScenarioPaths(options.paths);
  const reportDir = resolve(options.report ?? 'cmk-testbed-report');
  let launched: LaunchedTestbed | undefined;
  let natsUrl = options.connect;
  if (!natsUrl) {
    const started = performance.now();
    io.err('starting the testbed ...');
    launched = await launchTestbed({ topologyFile: options.topology, home: config.home });
    natsUrl = launched.natsUrl;
    io.err(`testbed ready in ${((performance.now() - started) / 1000).toFixed(2)} s (NATS ${natsUrl})`);
  }
  try {
    const tb = await connectTestbed(natsUrl.split(','));
    let result: RunResult;
    try {
      io.err(`running ${files.length} scenario file(s), seed ${seed}`);
      result = await runScenarioFiles(tb, natsUrl, files, {
        seed,
        onScenario: (scenario, { index, total }) => io.err(progressLine(scenario, index, total)),
      });
    } finally {
      await tb.close();
    }
    const written = await writeReports(result, reportDir);
    io.out(`\n${summaryTable(result)}\n`);
    const failed = result.scenarios.filter((s) => s.outcome !== 'passed').length;
    const wall = ((result.endedAt - result.startedAt) / 1000).toFixed(1);
    io.out(
      `${result.scenarios.length - failed} of ${result.scenarios.length} scenarios passed in ${wall} s (seed ${seed})`,
    );
    io.out(`reports: ${written.html}\n         ${written.junit}\n         ${written.json}`);
    return failed === 0 ? 0 : 1;
  } finally {
    if (launched) {
      io.err('stopping the testbed ...');
      await launched.stop();
    }
  }
}

function parseSeed(value: string | undefined): number {
  if (value === undefined) return 1;
  const seed = Number(value);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`run: --seed must be an integer, got '${value}'`);
  return seed;
}

const marks = { passed: '✓', failed: '✗', error: '!' } as const;

/** `[ 3/44] ✓ key-disable-revokes-reads   9 steps  412 ms`, and the failure on the next line. */
export function progressLine(scenario: ScenarioResult, index: number, total: number): string {
  const width = String(total).length;
  const position = `[${String(index + 1).padStart(width)}/${total}]`;
  const ms = scenario.endedAt - scenario.startedAt;
  const line = `${position} ${marks[scenario.outcome]} ${scenario.name.padEnd(48)} ${String(scenario.steps.length).padStart(3)} steps ${String(ms).padStart(6)} ms`;
  return scenario.failure ? `${line}\n${' '.repeat(position.length + 3)}${scenario.failure}` : line;
}

function summaryTable(result: RunResult): string {
  return formatTable(
    ['scenario', 'result', 'steps', 'ms', 'first failure'],
    result.scenarios.map((s) => [
      s.name,
      s.outcome,
      `${s.steps.filter((x) => x.outcome === 'passed').length}/${s.steps.length}`,
      String(s.endedAt - s.startedAt),
      s.failure ? truncate(s.failure, 90) : '',
    ]),
  );
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 3)}...` : s);
