import { processKind } from './process-kind.js';

/**
 * Restarts a process through the supervisor (stop, start, wait until ready). Nothing to undo: the fault stays
 * listed, for reports, until cleared.
 */
export const processRestart = processKind({
  kind: 'process-restart',
  description: 'Restarts a process of the topology (no undo)',
  verb: 'restart',
  effect: (described, after) =>
    `restarted ${described}; it is ${after.state}${after.pid ? ` as pid ${after.pid}` : ''} (nothing to undo)`,
});
