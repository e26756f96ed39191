import type { StepOutcome } from '../scenario/result.js';

/** One palette for badges, table rows and timeline boxes, so a colour means the same thing everywhere. */
export const outcomeColours = {
  passed: '#2f9e5b',
  failed: '#d9433b',
  error: '#e8870e',
  skipped: '#9aa1ab',
} as const satisfies Record<StepOutcome, string>;

export const setupColour = '#6b7f99';
export const faultColour = '#8a5cd0';
export const clockColour = '#1c64d1';
