import { AzureError, FakeClock } from '@cmk-testbed/shared';
import { describe, expect, it } from 'vitest';
import { retryWhileThrottled } from './retry-while-throttled.js';

const throttled = (retryAfterSeconds?: number) =>
  new AzureError({
    status: 429,
    code: 'Throttled',
    message: 'too many requests',
    ...(retryAfterSeconds ? { details: { retryAfterSeconds } } : {}),
  });

/** A vault call that is throttled `times` times, then answers 'ok'; counts its attempts. */
function vaultCall(times: number, retryAfterSeconds?: number) {
  const calls = { count: 0 };
  const call = async () => {
    calls.count++;
    if (calls.count <= times) throw throttled(retryAfterSeconds);
    return 'ok';
  };
  return { calls, call };
}

/** Lets pending promise callbacks run; no time passes. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const farAway = () => Date.now() + 60_000;

describe('retryWhileThrottled', () => {
  it('waits the Retry-After on the testbed clock, then retries and succeeds', async () => {
    const clock = new FakeClock();
    const { calls, call } = vaultCall(1, 5);
    const result = retryWhileThrottled(call, { clock, lastChanceAt: farAway() });
    await settle();
    clock.advance(4_999);
    await settle();
    expect(calls.count).toBe(1);
    clock.advance(1);
    await expect(result).resolves.toBe('ok');
    expect(calls.count).toBe(2);
  });

  it('backs off exponentially on the testbed clock when the vault gives no Retry-After', async () => {
    const clock = new FakeClock();
    const { calls, call } = vaultCall(2);
    const result = retryWhileThrottled(call, { clock, lastChanceAt: farAway() });
    await settle();
    clock.advance(100);
    await expect.poll(() => calls.count).toBe(2);
    clock.advance(199);
    await settle();
    expect(calls.count).toBe(2);
    clock.advance(1);
    await expect(result).resolves.toBe('ok');
    expect(calls.count).toBe(3);
  });

  it('makes a last attempt at the deadline when Retry-After reaches past it, then gives up with the 429', async () => {
    const clock = new FakeClock();
    const { calls, call } = vaultCall(Number.POSITIVE_INFINITY, 60);
    await expect(retryWhileThrottled(call, { clock, lastChanceAt: Date.now() + 50 })).rejects.toMatchObject({
      status: 429,
      code: 'Throttled',
    });
    expect(calls.count).toBe(2);
  });

  it('does not retry once the deadline has passed, nor any error but 429', async () => {
    const clock = new FakeClock();
    const late = vaultCall(Number.POSITIVE_INFINITY, 1);
    await expect(
      retryWhileThrottled(late.call, { clock, lastChanceAt: Date.now() - 1 }),
    ).rejects.toMatchObject({
      status: 429,
    });
    expect(late.calls.count).toBe(1);
    let attempts = 0;
    const denied = async () => {
      attempts++;
      throw new AzureError({ status: 403, code: 'Forbidden', message: 'no' });
    };
    await expect(retryWhileThrottled(denied, { clock, lastChanceAt: farAway() })).rejects.toMatchObject({
      status: 403,
    });
    expect(attempts).toBe(1);
  });
});
