import { z } from 'zod';
import { parseDuration } from '../time/duration.js';

/**
 * An environment variable holding an ISO 8601 duration (`PT10M`, `P1D`), parsed to milliseconds; a bad value
 * is refused at start-up with the parser's reason.
 */
export function durationEnv(fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      try {
        return parseDuration(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });
}
