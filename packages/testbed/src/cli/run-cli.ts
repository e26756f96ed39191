import { type ParseArgsConfig, parseArgs } from 'node:util';
import { AzureError } from '@cmk-testbed/shared';
import { loadCliConfig } from '../config.js';
import { chaosCommand, chaosInjectOptions } from './commands/chaos.js';
import { clockCommand } from './commands/clock.js';
import { downCommand } from './commands/down.js';
import { runCommand } from './commands/run.js';
import { statusCommand } from './commands/status.js';
import { upCommand } from './commands/up.js';
import { type CliIo, UsageError } from './io.js';

export const usage = `Usage: cmk-testbed <command> [options]

Commands:
  up [--topology FILE] [--detach]   start a topology (the built-in default without --topology)
  status [--connect NATS_URL]       the processes of the running testbed
  down [--connect NATS_URL]         stop the running testbed
  clock now | advance DURATION      read or move the testbed clock (DURATION: PT1H, P1D, P7DT12H)
  run FILE|DIR... [--connect NATS_URL] [--report DIR] [--seed N] [--topology FILE]
                                    run scenario files (starts a testbed unless --connect); writes
                                    junit.xml, report.json, report.html to --report (cmk-testbed-report)
  chaos inject KIND [--vault V --key K --account A --instance P --regions a,b ...]
        [--duration D] [--real-time] [--probability P] [--seed N] [--ms N --status N --code C ...]
  chaos clear FAULT_ID | chaos list | chaos reset

The running testbed is found through --connect, else NATS_URL, else .cmk-testbed/current.json
(CMK_TESTBED_HOME moves that folder).`;

/** Runs one command line and returns the exit code: 0 success, 1 failure, 2 bad usage. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.out(usage);
      return command ? 0 : 2;
    }
    const { values, positionals } = parseCommandArgs(command, rest);
    const config = loadCliConfig();
    const connect = values.connect as string | undefined;
    switch (command) {
      case 'up':
        noPositionals(command, positionals);
        return await upCommand(
          { topology: values.topology as string | undefined, detach: values.detach === true },
          config,
          io,
        );
      case 'status':
        noPositionals(command, positionals);
        return await statusCommand({ connect }, config, io);
      case 'down':
        noPositionals(command, positionals);
        return await downCommand({ connect }, config, io);
      case 'clock':
        return await clockCommand(positionals, { connect }, config, io);
      case 'run':
        return await runCommand(
          {
            paths: positionals,
            connect,
            report: values.report as string | undefined,
            seed: values.seed as string | undefined,
            topology: values.topology as string | undefined,
          },
          config,
          io,
        );
      case 'chaos':
        return await chaosCommand(positionals, values as never, config, io);
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`cmk-testbed: ${error.message}\n\n${usage}`);
      return 2;
    }
    io.err(`cmk-testbed ${command}: ${describe(error)}`);
    return 1;
  }
}

const optionsByCommand: Record<string, ParseArgsConfig['options']> = {
  up: { topology: { type: 'string' }, detach: { type: 'boolean' } },
  status: { connect: { type: 'string' } },
  down: { connect: { type: 'string' } },
  clock: { connect: { type: 'string' } },
  run: {
    connect: { type: 'string' },
    report: { type: 'string' },
    seed: { type: 'string' },
    topology: { type: 'string' },
  },
  chaos: chaosInjectOptions,
};

function parseCommandArgs(command: string, args: string[]) {
  const options = optionsByCommand[command];
  if (!options) throw new UsageError(`unknown command '${command}'`);
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}`);
  }
}

function noPositionals(command: string, positionals: string[]): void {
  if (positionals.length > 0) throw new UsageError(`${command}: unexpected argument '${positionals[0]}'`);
}

function describe(error: unknown): string {
  if (error instanceof AzureError) return `${error.status} ${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
