import { processKind } from './process-kind.js';

/** SIGKILLs a process through the supervisor; it stays down until undo restarts it (if it is still down). */
export const processKill = processKind({
  kind: 'process-kill',
  description: 'SIGKILLs a process of the topology; undo restarts it',
  verb: 'kill',
  effect: (described) => `killed ${described} with SIGKILL; it stays down until undo restarts it`,
  undo: { verb: 'restart', when: ['killed', 'exited'] },
});
