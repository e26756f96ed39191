import { formatTable } from '../support/format-table.js';
import type { OutageWindow } from './attribute-failures.js';
import type { BlobLoad, LoadError } from './blob-load.js';
import type { LostWrite } from './find-lost-writes.js';

/**
 * The crash-safety report: one row per kill (when, how long until the restart was ready, when its first
 * error came after the kill, first to last error, how many and which), then the load's totals.
 */
export function formatCrashReport(
  load: BlobLoad,
  windows: readonly OutageWindow<LoadError>[],
  lost: readonly LostWrite[],
): string {
  const perKill = formatTable(
    ['kill', 'at s', 'down ms', 'first error ms', 'error window ms', 'errors', 'error codes'],
    windows.map(({ outage, errors, windowMs }) => [
      outage.target,
      ((outage.killAt - load.startedAt) / 1000).toFixed(2),
      outage.restartedAt - outage.killAt,
      errors.length ? `+${Math.min(...errors.map((e) => e.at)) - outage.killAt}` : '-',
      windowMs,
      errors.length,
      countCodes(errors) || '-',
    ]),
  );
  const seconds = ((load.stoppedAt ?? Date.now()) - load.startedAt) / 1000;
  const totals = formatTable(
    ['load s', 'ops', 'ops/s', 'writes acknowledged', 'reads', 'errors', 'lost'],
    [
      [
        seconds.toFixed(1),
        load.finished,
        (load.finished / seconds).toFixed(0),
        load.acked.length,
        load.reads,
        load.errors.length,
        lost.length,
      ],
    ],
  );
  return `${perKill}\n\n${totals}`;
}

function countCodes(errors: readonly LoadError[]): string {
  const counts = new Map<string, number>();
  for (const e of errors) counts.set(`${e.op} ${e.code}`, (counts.get(`${e.op} ${e.code}`) ?? 0) + 1);
  return [...counts].map(([code, n]) => `${code} x${n}`).join(', ');
}
