import { spawn } from 'node:child_process';
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as wait } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { CliConfig } from '../../config.js';
import { launchTestbed } from '../../launch/launch-testbed.js';
import { toProcessInfo } from '../../launch/supervisor-handlers.js';
import { readInheritedEnv } from '../../supervisor/config.js';
import { installSignalHandlers } from '../../supervisor/install-signal-handlers.js';
import { isProcessAlive } from '../../supervisor/is-process-alive.js';
import type { CliIo } from '../io.js';
import { processTable } from '../process-table.js';
import { readCurrent, removeCurrent, writeCurrent } from '../state-file.js';

export interface UpOptions {
  topology: string | undefined;
  detach: boolean;
}

/**
 * `cmk-testbed up [--topology FILE] [--detach]`: starts a topology and prints its NATS URL and process table.
 * In the foreground it runs until Ctrl-C or `cmk-testbed down`; with --detach it starts itself in the
 * background, waits until the testbed is ready, and returns.
 */
export async function upCommand(options: UpOptions, config: CliConfig, io: CliIo): Promise<number> {
  const running = await readCurrent(config.home);
  if (running && isProcessAlive(running.pid)) {
    io.err(`A testbed is already running here (supervisor pid ${running.pid}, NATS ${running.natsUrl}).`);
    io.err("Stop it with 'cmk-testbed down', or set CMK_TESTBED_HOME to run another one elsewhere.");
    return 1;
  }
  return options.detach ? upDetached(options, config, io) : upForeground(options, config, io);
}

async function upForeground(options: UpOptions, config: CliConfig, io: CliIo): Promise<number> {
  const started = performance.now();
  io.err('starting the testbed ...');
  const testbed = await launchTestbed({
    topologyFile: options.topology,
    home: config.home,
    onUnexpectedExit: (exit) =>
      io.err(
        `process ${exit.name} (pid ${exit.pid}) exited by itself: code ${exit.exitCode}, signal ${exit.signal}`,
      ),
  });
  await writeCurrent(config.home, {
    natsUrl: testbed.natsUrl,
    runDir: testbed.runDir,
    pid: process.pid,
    startedAt: new Date().toISOString(),
  });
  const cleanup = () => removeCurrent(config.home, process.pid);
  installSignalHandlers(testbed.supervisor, { onError: (e) => io.err(String(e)) });
  process.once('exit', () => {
    // Last resort for a crash: children die with us (pdeathsig); the state file must not outlive us either.
    void cleanup();
  });
  const readyMs = performance.now() - started;
  io.out(`NATS ${testbed.natsUrl}`);
  io.out(`run dir ${testbed.runDir} (logs in ${join(testbed.runDir, 'logs')})`);
  io.out(`ready in ${(readyMs / 1000).toFixed(2)} s\n`);
  io.out(processTable(testbed.supervisor.list().map(toProcessInfo)));
  io.err("\nCtrl-C or 'cmk-testbed down' stops everything.");
  await testbed.shutdownRequested;
  await testbed.stop();
  await cleanup();
  return 0;
}

async function upDetached(options: UpOptions, config: CliConfig, io: CliIo): Promise<number> {
  await mkdir(config.home, { recursive: true });
  const logPath = join(config.home, 'supervisor.log');
  const log = await open(logPath, 'a');
  const main = fileURLToPath(new URL('../main.js', import.meta.url));
  const args = [
    ...process.execArgv,
    main,
    'up',
    ...(options.topology ? ['--topology', options.topology] : []),
  ];
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', log.fd, log.fd],
    env: { ...readInheritedEnv(), CMK_TESTBED_HOME: config.home },
  });
  await log.close();
  let exitCode: number | null = null;
  child.once('exit', (code) => {
    exitCode = code ?? 1;
  });
  child.unref();
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (exitCode !== null) {
      io.err(`the testbed failed to start (exit ${exitCode}); see ${logPath}:`);
      io.err(await tail(logPath, 30));
      return 1;
    }
    const current = await readCurrent(config.home);
    if (current && current.pid === child.pid) {
      io.out(`testbed running in the background (supervisor pid ${child.pid}; log ${logPath})`);
      io.out(`NATS ${current.natsUrl}`);
      io.out(`run dir ${current.runDir}`);
      return 0;
    }
    await wait(100);
  }
  io.err(`the testbed did not become ready within 120 s; see ${logPath}:`);
  io.err(await tail(logPath, 30));
  return 1;
}

/** The last lines of a log, indented, so a failure explains itself without opening the file. */
async function tail(path: string, lines: number): Promise<string> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text
    .trimEnd()
    .split('\n')
    .slice(-lines)
    .map((line) => `  | ${line}`)
    .join('\n');
}
