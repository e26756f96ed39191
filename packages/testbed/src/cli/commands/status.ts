import type { CliConfig } from '../../config.js';
import type { CliIo } from '../io.js';
import { processTable } from '../process-table.js';
import { connectToTestbed } from '../testbed-connection.js';

/** `cmk-testbed status [--connect URL]`: the process table of the running testbed. */
export async function statusCommand(options: { connect: string | undefined }, config: CliConfig, io: CliIo) {
  await using tb = await connectToTestbed({
    connect: options.connect,
    envNatsUrl: config.natsUrl,
    home: config.home,
  });
  const list = await tb.testbed.list({});
  io.out(`NATS ${list.natsUrl}   run dir ${list.runDir}\n`);
  io.out(processTable(list.processes));
  return list.processes.every((p) => p.state === 'running') ? 0 : 1;
}
