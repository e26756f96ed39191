import {
  AzureError,
  type ClockReading,
  type ClockStore,
  type clockContract,
  type HandlerContext,
  type HandlerTable,
  parseDuration,
} from '@cmk-testbed/shared';

/** The clock contract's handlers: thin over the JetStream clock state, with bad input as a named 400. */
export const clockHandlers = {
  now: async (_req, store) => present(await store.read()),
  advance: async (req, store, ctx) =>
    present(await write(ctx, () => store.advance(parseDuration(req.by, 'by')))),
  set: async (req, store, ctx) => present(await write(ctx, () => store.set(parseInstant(req.to)))),
} satisfies HandlerTable<typeof clockContract, ClockStore>;

async function write(ctx: HandlerContext, change: () => Promise<ClockReading>): Promise<ClockReading> {
  let reading: ClockReading;
  try {
    reading = await change();
  } catch (error) {
    if (error instanceof RangeError)
      throw new AzureError({ status: 400, code: 'InvalidInput', message: error.message });
    throw error;
  }
  // The reply carries this revision, so whatever the caller does next sees the new time.
  ctx.clock.observeRevision(reading.revision);
  return reading;
}

function parseInstant(value: string | number): number {
  const at = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(at)) {
    throw new AzureError({
      status: 400,
      code: 'InvalidInput',
      message: `to: '${value}' is not an ISO 8601 time or epoch ms`,
    });
  }
  return at;
}

function present(reading: ClockReading) {
  return { ...reading, iso: new Date(reading.now).toISOString() };
}
