import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/parse-env.js';
import { startWithRetry } from './start-with-retry.js';

describe('startWithRetry', () => {
  it('tries a failing step again until it succeeds', async () => {
    let calls = 0;
    const retries: number[] = [];
    const result = await startWithRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('TIMEOUT');
        return 'up';
      },
      (_e, attempt) => retries.push(attempt),
    );
    expect(result).toBe('up');
    expect(retries).toEqual([1, 2]);
  });

  it('never retries a configuration error, and gives up when the budget is spent', async () => {
    let calls = 0;
    await expect(
      startWithRetry(
        async () => {
          calls += 1;
          throw new ConfigError('CMK_INSTANCE: bad');
        },
        () => {},
      ),
    ).rejects.toThrow(/CMK_INSTANCE/);
    expect(calls).toBe(1);
    await expect(
      startWithRetry(
        async () => Promise.reject(new Error('always')),
        () => {},
        150,
      ),
    ).rejects.toThrow('always');
  });
});
