import { discoverInstances, parseDuration } from '@cmk-testbed/shared';
import { z } from 'zod';
import { actionKind, type FaultContext, type FaultRequest, FaultTargetError } from '../fault-kind.js';
import { readTarget } from '../read-target.js';
import { supervisedProcesses } from '../world/known-process.js';

const undoSchema = z.object({ instance: z.string(), faultId: z.string() });

/**
 * Offsets one process's testbed clock (`clock.advance` moves everyone; this moves one): token lifetimes, key
 * expiry, cache TTLs and schedules in that process run ahead or behind. The skew lives in the clock bucket
 * under `skew.<instance>`, which the process's clock watches, so it applies within milliseconds and survives
 * a restart of the process until undo deletes it.
 */
export const clockSkew = actionKind({
  group: 'time',
  kind: 'clock-skew',
  description: "Offsets one process's testbed clock (params.skew: PT5M, -PT5M or ms)",
  undoSchema,
  async apply(request, ctx) {
    const target = readTarget(request, { required: ['instance'], params: ['skew'] });
    const skewMs = skewOf(request);
    await checkInstance(ctx, target.instance);
    const current = await ctx.clockStore.readSkew(target.instance);
    if (current)
      throw new FaultTargetError(
        `target.instance: '${target.instance}' is already skewed${current.faultId ? ` by fault ${current.faultId}` : ''}; clear that first`,
      );
    const undo = { instance: target.instance, faultId: request.faultId };
    await ctx.remember(undo);
    await ctx.clockStore.setSkew(target.instance, { skewMs, faultId: request.faultId });
    return {
      effect: `the testbed clock of ${target.instance} runs ${skewMs >= 0 ? '+' : ''}${skewMs} ms off the shared time (every other process keeps it); undo removes the skew`,
      undo,
    };
  },
  async undo(record, ctx) {
    const current = await ctx.clockStore.readSkew(record.instance);
    // Only this fault's skew is removed: another fault's (after an interrupted injection) stays.
    if (current && current.faultId === record.faultId) await ctx.clockStore.clearSkew(record.instance);
  },
});

/** `PT5M`, `-PT5M`, `+PT1H` or milliseconds (negative allowed). */
function skewOf(request: FaultRequest): number {
  const skew = request.params.skew;
  if (skew === undefined)
    throw new FaultTargetError('params.skew is required: an ISO 8601 duration such as PT5M or -PT5M, or ms');
  if (typeof skew === 'number') return skew;
  const negative = skew.startsWith('-');
  try {
    const ms = parseDuration(skew.replace(/^[-+]/, ''), 'params.skew');
    return negative ? -ms : ms;
  } catch (error) {
    throw new FaultTargetError((error as Error).message);
  }
}

/** A process with a testbed clock: one on the bus now, or one the supervisor runs (it may be restarting). */
async function checkInstance(ctx: FaultContext, instance: string): Promise<void> {
  const onBus = new Set((await discoverInstances(ctx.nc)).map((i) => i.instance));
  const supervised = await supervisedProcesses(ctx).catch(() => []);
  const natsServer = supervised.find((p) => p.name === instance && p.kind === 'nats-server');
  if (natsServer)
    throw new FaultTargetError(`target.instance: '${instance}' is a nats-server, which has no testbed clock`);
  if (onBus.has(instance) || supervised.some((p) => p.name === instance)) return;
  const known = [
    ...new Set([...onBus, ...supervised.filter((p) => p.kind !== 'nats-server').map((p) => p.name)]),
  ];
  throw new FaultTargetError(
    `target.instance: no process '${instance}' in this testbed (known: ${known.sort().join(', ') || 'none'})`,
  );
}
