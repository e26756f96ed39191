import { client, clockContract } from '@cmk-testbed/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChaosUnderTest, startChaos } from '../testing/start-chaos.js';

const hour = 3_600_000;

describe('the clock contract served by the chaos controller', () => {
  let chaos: ChaosUnderTest;
  let runtime: ChaosUnderTest['runtime'];
  let callerClock: ChaosUnderTest['callerClock'];

  beforeAll(async () => {
    chaos = await startChaos();
    ({ runtime, callerClock } = chaos);
  });

  afterAll(async () => {
    await chaos?.close();
  });

  const clock = () =>
    client(runtime.nc, clockContract, {
      caller: { service: 't', instance: 't', region: 'eastus' },
      clock: callerClock,
    });

  it('advances every process by an ISO 8601 duration and reports the new time', async () => {
    const before = await clock().now({});
    const after = await clock().advance({ by: 'P1DT1H' });
    expect(after.offsetMs - before.offsetMs).toBe(25 * hour);
    expect(after.revision).toBeGreaterThan(before.revision);
    expect(Date.parse(after.iso)).toBe(Math.round(after.now));
    expect(callerClock.knownRevision()).toBeGreaterThanOrEqual(after.revision);
    await expect.poll(() => runtime.clock.now() - Date.now()).toBeGreaterThanOrEqual(after.offsetMs - 1000);
  });

  it('sets a later time and refuses an earlier one', async () => {
    const { now } = await clock().now({});
    const target = new Date(now + 48 * hour).toISOString();
    expect((await clock().set({ to: target })).now).toBeGreaterThanOrEqual(Date.parse(target));
    await expect(clock().set({ to: now })).rejects.toMatchObject({
      status: 400,
      message: /only moves forward/,
    });
  });

  it('answers bad input with a 400 naming the field', async () => {
    await expect(clock().advance({ by: '1 hour' })).rejects.toMatchObject({
      status: 400,
      message: /^by: '1 hour'/,
    });
    await expect(clock().set({ to: 'yesterday' })).rejects.toMatchObject({
      status: 400,
      message: /^to: 'yesterday'/,
    });
    await expect(clock().call('advance', { by: true })).rejects.toMatchObject({
      status: 400,
      message: /by:/,
    });
  });
});
