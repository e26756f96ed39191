import type { ProcessInfo } from '@cmk-testbed/shared';
import { formatTable, formatUptime } from './format-table.js';

/** The `status` table: process, region, pid, state, uptime. */
export function processTable(processes: readonly ProcessInfo[]): string {
  return formatTable(
    ['PROCESS', 'REGION', 'PID', 'STATE', 'UPTIME'],
    processes.map((p) => [
      p.name,
      p.region,
      p.pid === null ? '-' : String(p.pid),
      p.state === 'exited' && p.exitCode !== null ? `exited(${p.exitCode})` : p.state,
      p.state === 'running' || p.state === 'paused' ? formatUptime(p.uptimeMs) : '-',
    ]),
  );
}
