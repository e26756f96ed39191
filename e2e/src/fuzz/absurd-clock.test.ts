import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTestbed } from '../drivers/driver.js';
import { pickDriver } from '../drivers/pick-driver.js';

/** The last instant a JS Date holds (`new Date(8.64e15 + 1)` is an Invalid Date). */
const endOfTime = 8.64e15;

/**
 * Well-formed clock moves with absurd values. A testbed of their own: the clock only moves forward, so a move
 * the controller wrongly accepts stays for good, and the hostile-input suite guards these two operations.
 */
describe('hostile input: absurd but well-formed moves of the testbed clock', () => {
  let t: RunningTestbed;

  beforeAll(async () => {
    const driver = await pickDriver();
    console.log(`driver: ${driver.name} (${driver.reason})`);
    t = await driver.start({ label: 'fuzz-clock' });
  });

  afterAll(async () => {
    await t?.stop();
  });

  it.each([
    ['set', { to: endOfTime + 1 }],
    ['set', { to: '+275760-09-13T00:00:00.001Z' }],
    ['advance', { by: 1e300 }],
    ['advance', { by: 'P99999999999W' }],
  ])('refuses clock.%s %j with a 400', async (operation, request) => {
    await expect(t.tb.clock.call(operation, request)).rejects.toMatchObject({ status: 400 });
  });

  it('keeps the clock readable and within the range of a Date', async () => {
    const reading = await t.tb.clock.now({});
    expect(reading.now).toBeLessThanOrEqual(endOfTime);
    expect(Date.parse(reading.iso)).toBe(Math.round(reading.now));
  });
});
