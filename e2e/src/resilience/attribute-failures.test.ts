import { describe, expect, it } from 'vitest';
import { attributeFailures, type Outage } from './attribute-failures.js';

const outages: Outage[] = [
  { target: 'storage-eastus-1', killAt: 1000, restartedAt: 2000 },
  { target: 'entra-1', killAt: 3000, restartedAt: 3500 },
];

describe('attributeFailures', () => {
  it('gives a failure to the outage its request overlapped, even if it failed after the restart', () => {
    const inFlight = { startedAt: 900, at: 5900 };
    const during = { startedAt: 1500, at: 1501 };
    const { windows, stray } = attributeFailures(outages, [inFlight, during]);
    expect(stray).toEqual([]);
    expect(windows[0]!.errors).toEqual([inFlight, during]);
    expect(windows[0]!.windowMs).toBe(4399);
    expect(windows[1]!.windowMs).toBe(0);
  });

  it('calls stray a failure sent after the restart was ready or failed before any kill', () => {
    const afterRestart = { startedAt: 2001, at: 2002 };
    const beforeKill = { startedAt: 100, at: 999 };
    const { windows, stray } = attributeFailures(outages, [afterRestart, beforeKill]);
    expect(stray).toEqual([afterRestart, beforeKill]);
    expect(windows.every((w) => w.errors.length === 0)).toBe(true);
  });
});
