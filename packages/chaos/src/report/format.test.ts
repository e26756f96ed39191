import { describe, expect, it } from 'vitest';
import { formatClockJump, formatMs, formatSeconds } from './format.js';

describe('report formats', () => {
  it('labels clock jumps with their two largest units', () => {
    expect(formatClockJump(3_600_000)).toBe('+1h');
    expect(formatClockJump(600_000)).toBe('+10m');
    expect(formatClockJump(86_400_000)).toBe('+1d');
    expect(formatClockJump(93_600_000)).toBe('+1d 2h');
    expect(formatClockJump(-1_800_000)).toBe('-30m');
    expect(formatClockJump(1_200)).toBe('+1s');
  });

  it('writes durations for people and seconds for JUnit', () => {
    expect(formatMs(840)).toBe('840 ms');
    expect(formatMs(1540)).toBe('1.54 s');
    expect(formatMs(125_000)).toBe('2 m 05 s');
    expect(formatSeconds(1540)).toBe('1.540');
  });
});
