import { AzureError, type HandlerTable, type ProcessInfo, type testbedContract } from '@cmk-testbed/shared';
import { afterReplyForwarded } from '../supervisor/after-reply-forwarded.js';
import { processNotFound } from '../supervisor/process-not-found.js';
import type { ProcessStatus } from '../supervisor/process-status.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { UnknownProcessError } from '../supervisor/unknown-process-error.js';

export interface SupervisorState {
  supervisor: Supervisor;
  runDir: string;
  natsUrl: string;
  /** Called after the shutdown reply has gone out. */
  requestShutdown: () => void;
  /** Resolves once the server has processed everything this connection sent (a PING/PONG round trip). */
  flush: () => Promise<void>;
}

/**
 * The testbed contract over the supervisor. Acting on a nats-server can cut the very connection the reply
 * travels on, so for those the action runs only after the reply has reached the server and had a moment to
 * be forwarded (the reply then shows the state before the action; callers poll `list` for the result).
 */
export const supervisorHandlers = {
  list: (_req, s) => ({
    runDir: s.runDir,
    natsUrl: s.natsUrl,
    processes: s.supervisor.list().map(toProcessInfo),
  }),
  kill: (req, s) => act(s, req.name, (name) => s.supervisor.kill(name)),
  restart: (req, s) => act(s, req.name, (name) => s.supervisor.restart(name)),
  pause: (req, s) => act(s, req.name, async (name) => s.supervisor.pause(name)),
  resume: (req, s) => act(s, req.name, async (name) => s.supervisor.resume(name)),
  shutdown: (_req, s) => {
    setImmediate(s.requestShutdown);
    return { stopping: true as const };
  },
} satisfies HandlerTable<typeof testbedContract, SupervisorState>;

async function act(s: SupervisorState, name: string, action: (name: string) => Promise<void>) {
  const before = find(s, name);
  try {
    if (before.kind === 'nats-server') {
      afterReplyForwarded(s.flush, () => action(name));
      return { process: toProcessInfo(before) };
    }
    await action(name);
  } catch (error) {
    throw asAzure(error);
  }
  return { process: toProcessInfo(find(s, name)) };
}

function find(s: SupervisorState, name: string): ProcessStatus {
  const status = s.supervisor.list().find((p) => p.name === name);
  if (!status)
    throw processNotFound(
      name,
      s.supervisor.list().map((p) => p.name),
    );
  return status;
}

function asAzure(error: unknown): unknown {
  if (error instanceof UnknownProcessError)
    return new AzureError({ status: 404, code: 'ProcessNotFound', message: error.message });
  if (error instanceof AzureError) return error;
  return new AzureError({ status: 409, code: 'ProcessActionFailed', message: (error as Error).message });
}

export function toProcessInfo(p: ProcessStatus): ProcessInfo {
  return {
    name: p.name,
    kind: p.kind,
    region: p.region,
    pid: p.pid ?? null,
    state: p.state,
    startedAt: p.startedAt ?? null,
    uptimeMs: p.uptimeMs,
    restarts: p.restarts,
    exitCode: p.exitCode,
    signal: p.signal,
  };
}
