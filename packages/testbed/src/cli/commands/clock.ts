import type { CliConfig } from '../../config.js';
import { type CliIo, UsageError } from '../io.js';
import { connectToTestbed } from '../testbed-connection.js';

/** `cmk-testbed clock now` and `cmk-testbed clock advance DURATION` (ISO 8601: PT1H, P1D, P7DT12H). */
export async function clockCommand(
  args: string[],
  options: { connect: string | undefined },
  config: CliConfig,
  io: CliIo,
) {
  const [verb, duration, ...rest] = args;
  if (verb !== 'now' && verb !== 'advance')
    throw new UsageError(`clock: expected 'now' or 'advance DURATION', got '${verb ?? ''}'`);
  if (verb === 'advance' && !duration)
    throw new UsageError('clock advance: a DURATION is required, e.g. PT1H or P1D');
  if (rest.length > 0 || (verb === 'now' && duration))
    throw new UsageError(`clock ${verb}: unexpected '${[duration, ...rest].filter(Boolean).join(' ')}'`);
  await using tb = await connectToTestbed({
    connect: options.connect,
    envNatsUrl: config.natsUrl,
    home: config.home,
  });
  const reading = verb === 'now' ? await tb.clock.now({}) : await tb.clock.advance({ by: duration! });
  const days = (reading.offsetMs / 86_400_000).toFixed(3);
  io.out(`${reading.iso}  (testbed clock ${days} days ahead of real time, revision ${reading.revision})`);
  return 0;
}
