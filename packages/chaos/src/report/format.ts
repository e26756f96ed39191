/** Human formats shared by every report: durations, testbed clock times, clock jumps. */

/** `840 ms`, `12.3 s`, `2 m 05 s`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} m ${String(seconds).padStart(2, '0')} s`;
}

/** ISO 8601, or the raw number when it is not a time at all (a report must never throw on odd data). */
export function formatInstant(epochMs: number): string {
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? String(epochMs) : date.toISOString();
}

const jumpUnits = [
  { suffix: 'd', ms: 86_400_000 },
  { suffix: 'h', ms: 3_600_000 },
  { suffix: 'm', ms: 60_000 },
  { suffix: 's', ms: 1000 },
] as const;

/** A clock jump as its two largest units: `+1h`, `+10m`, `+1d`, `+1d 2h`, `-30m`. */
export function formatClockJump(deltaMs: number): string {
  const sign = deltaMs < 0 ? '-' : '+';
  let rest = Math.round(Math.abs(deltaMs) / 1000) * 1000;
  const parts: string[] = [];
  for (const unit of jumpUnits) {
    const count = Math.floor(rest / unit.ms);
    if (count > 0 && parts.length < 2) parts.push(`${count}${unit.suffix}`);
    if (count > 0) rest -= count * unit.ms;
  }
  return `${sign}${parts.length > 0 ? parts.join(' ') : '0s'}`;
}

/** Seconds with millisecond precision, as JUnit's `time` attributes want. */
export function formatSeconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}
