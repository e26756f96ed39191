import { encodeBody, operationSubject } from '@cmk-testbed/shared';
import type { NatsConnection } from 'nats';
import type { FuzzTarget } from './fuzz-targets.js';

const pollEveryMs = 250;

/**
 * Whether the target's service answers `health` again within `withinMs`: after a "no responders" it tells a
 * process that dropped off the bus for a moment (it reconnects) from one that is gone.
 */
export async function waitForService(
  nc: NatsConnection,
  target: FuzzTarget,
  withinMs: number,
): Promise<boolean> {
  const subject = operationSubject(target.contract, target.scope, 'health');
  const giveUpAt = Date.now() + withinMs;
  while (Date.now() < giveUpAt) {
    try {
      await nc.request(subject, encodeBody({}), { timeout: pollEveryMs * 4 });
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, pollEveryMs));
    }
  }
  return false;
}
