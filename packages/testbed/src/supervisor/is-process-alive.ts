import { readFileSync } from 'node:fs';

/**
 * True while `pid` runs (or is stopped). A zombie counts as dead: orphans re-parented to a PID 1 that does
 * not reap (common in containers) linger as zombies after they have really exited.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return processState(pid) !== 'Z';
}

/** The one-letter state from /proc/<pid>/stat (R, S, T, Z, ...), or undefined when unavailable. */
export function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself contain spaces or parentheses.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}
