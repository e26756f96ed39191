import { formatTable } from '../support/format-table.js';
import type { TargetTally } from './fuzz-target.js';

/** One process's resident memory before and after the fuzz, MiB. */
export interface RssRow {
  name: string;
  pid: number;
  before: number | undefined;
  after?: number | undefined;
}

export function rssGrowthOf(row: RssRow): number | undefined {
  return row.before === undefined || row.after === undefined ? undefined : row.after - row.before;
}

/** Per service: messages sent and what came back, the figures the closing report quotes. */
export function trafficTable(tallies: readonly TargetTally[]): string {
  return formatTable(
    [
      'service',
      'sent',
      'valid',
      'clean errors',
      '500s',
      'no responders',
      'refused',
      'timeouts',
      'bad replies',
      'wall s',
    ],
    tallies.map((x) => [
      x.label,
      x.sent,
      x.verdicts.valid,
      x.verdicts['clean-error'],
      x.verdicts['internal-error'],
      x.verdicts['no-responders'],
      x.verdicts.refused,
      x.verdicts.timeout,
      x.verdicts['malformed-reply'] + x.verdicts['client-error'],
      (x.wallMs / 1000).toFixed(1),
    ]),
  );
}

export function rssTable(rows: readonly RssRow[]): string {
  return formatTable(
    ['process', 'pid', 'before', 'after', 'growth'],
    rows.map((r) => [r.name, r.pid, r.before ?? '-', r.after ?? 'gone', rssGrowthOf(r)?.toFixed(1) ?? '-']),
  );
}

/** One line per target as it finishes, so a run that stops half-way still says what it saw. */
export function targetLine(x: TargetTally): string {
  const first = x.failures[0];
  return [
    `${x.label}: ${x.sent} messages in ${(x.wallMs / 1000).toFixed(1)} s, ${x.failureCount} bad outcomes`,
    x.abandoned ? `, ABANDONED ${x.abandoned}` : '',
    first ? `, first: ${JSON.stringify(first)}` : '',
    `; errors: ${topErrors(x, 6)}`,
    `; slowest: ${JSON.stringify(x.slowest.slice(0, 3))}`,
  ].join('');
}

function topErrors(x: TargetTally, count: number): string {
  const sorted = Object.entries(x.errors).sort((a, b) => b[1] - a[1]);
  const shown = sorted.slice(0, count).map(([error, n]) => `${error} x${n}`);
  return [...shown, ...(sorted.length > count ? [`${sorted.length - count} more kinds`] : [])].join(', ');
}
