import { processKind } from './process-kind.js';

/** SIGSTOPs a process through the supervisor: it hangs and its callers time out. Undo resumes it (SIGCONT). */
export const processPause = processKind({
  kind: 'process-pause',
  description: 'Pauses a process of the topology (SIGSTOP); undo resumes it',
  verb: 'pause',
  effect: (described) =>
    `paused ${described} with SIGSTOP: it hangs and its callers time out until undo resumes it`,
  undo: { verb: 'resume', when: ['paused'] },
});
