import {
  type ThrottleCategory,
  type ThrottleResult,
  throttledDenial,
  vaultThrottleLimits,
} from './throttling.js';

/** One fixed 10-second window of a vault's budget, counted where every replica sees it. */
export type ThrottleWindow = { index: number; endsAt: number };

/** The window holding `now` (epoch ms on the testbed clock). */
export function throttleWindowAt(now: number): ThrottleWindow {
  const index = Math.floor(now / vaultThrottleLimits.windowMs);
  return { index, endsAt: (index + 1) * vaultThrottleLimits.windowMs };
}

/** The units a category may spend per window, Azure's table times `scale`. */
export function windowLimit(category: ThrottleCategory, scale: number): number {
  const base = category === 'create' ? vaultThrottleLimits.createUnits : vaultThrottleLimits.otherUnits;
  return base * scale;
}

/**
 * Whether a transaction costing `cost` fits in a window that has spent `usedUnits` of `limit`. Testbed choice:
 * an empty window always admits one, so a tiny scale slows a vault down instead of locking it out. A refusal
 * says to come back when the window ends (rounded up to whole seconds, at least 1): the next window is empty.
 */
export function decideInWindow(input: {
  usedUnits: number;
  cost: number;
  limit: number;
  window: ThrottleWindow;
  now: number;
}): ThrottleResult {
  if (input.usedUnits === 0 || input.usedUnits + input.cost <= input.limit) return { ok: true };
  return {
    ok: false,
    retryAfterSec: Math.max(1, Math.ceil((input.window.endsAt - input.now) / 1000)),
    denial: { ...throttledDenial },
  };
}
