import type { CliConfig } from '../../config.js';
import type { CliIo } from '../io.js';
import { readCurrent } from '../state-file.js';
import { connectToTestbed } from '../testbed-connection.js';
import { waitForExit } from '../wait-for-exit.js';

/** `cmk-testbed down`: asks the supervisor to stop everything and waits until it has. */
export async function downCommand(options: { connect: string | undefined }, config: CliConfig, io: CliIo) {
  const current = await readCurrent(config.home);
  {
    await using tb = await connectToTestbed({
      connect: options.connect,
      envNatsUrl: config.natsUrl,
      home: config.home,
    });
    await tb.testbed.shutdown({});
  }
  if (current && !options.connect) {
    if (!(await waitForExit(current.pid, 60_000))) {
      io.err(`supervisor ${current.pid} is still running after 60 s`);
      return 1;
    }
  }
  io.out('testbed stopped');
  return 0;
}
