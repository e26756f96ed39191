import { setTimeout as wait } from 'node:timers/promises';
import { ConfigError } from '../config/parse-env.js';

/**
 * Runs a start-up step again while it fails for a passing reason (a JetStream API call timing out while the
 * server is busy, a bucket being created by a sibling process at the same moment), with backoff, for up to
 * `budgetMs`. A configuration error is never retried: it will not fix itself.
 */
export async function startWithRetry<T>(
  step: () => Promise<T>,
  onRetry: (error: unknown, attempt: number) => void,
  budgetMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const delayMs = Math.min(2000, 100 * 2 ** attempt);
      if (error instanceof ConfigError || Date.now() + delayMs > deadline) throw error;
      onRetry(error, attempt);
      await wait(delayMs);
    }
  }
}
