import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ProcessStatus } from '../../supervisor/process-status.js';
import type { Supervisor } from '../../supervisor/supervisor.js';
import { composeProjectLabel, processLabels } from '../process-labels.js';

/**
 * A Docker Engine API double on a unix socket, for the Docker supervisor's tests on machines without a
 * container engine. Its "containers" are the real processes of a process Supervisor: kill SIGKILLs the
 * process, pause SIGSTOPs it, start/restart spawn it again. It speaks only the endpoints DockerEngine calls,
 * with the engine's documented status codes (204, 304 for "already started", 404 no such container, 409 not
 * running / already paused) and `{"message"}` error bodies. One extra container, `self`, stands for the
 * supervisor's own container (compose project label, no process label).
 */
export class EngineDouble {
  /** Every call, as `METHOD path` without the query string. */
  readonly calls: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly socketPath: string,
  ) {}

  static async start(options: {
    socketPath: string;
    supervisor: Supervisor;
    project: string;
    selfId: string;
  }): Promise<EngineDouble> {
    let double!: EngineDouble;
    const server = createServer((req, res) => {
      double.calls.push(`${req.method} ${(req.url ?? '').split('?')[0]}`);
      handle(options, req).then(
        ({ status, body }) => send(res, status, body),
        (error: Error) => send(res, 500, { message: error.message }),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.socketPath, resolve);
    });
    double = new EngineDouble(server, options.socketPath);
    return double;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface Answer {
  status: number;
  body?: unknown;
}

type Options = Parameters<typeof EngineDouble.start>[0];

async function handle(o: Options, req: IncomingMessage): Promise<Answer> {
  const url = new URL(req.url ?? '/', 'http://docker');
  if (req.method === 'GET' && url.pathname === '/containers/json') return list(o, url);
  const match = /^\/containers\/([^/]+)\/(json|kill|start|restart|stop|pause|unpause)$/.exec(url.pathname);
  if (!match) return { status: 404, body: { message: `page not found: ${url.pathname}` } };
  const id = decodeURIComponent(match[1]!);
  const action = match[2]!;
  if (id === o.selfId && action === 'json') return { status: 200, body: selfInspection(o) };
  const p = o.supervisor.list().find((s) => containerId(s.name) === id);
  if (!p) return { status: 404, body: { message: `No such container: ${id}` } };
  const running = p.state === 'running' || p.state === 'starting' || p.state === 'restarting';
  const notRunning = { status: 409, body: { message: `Container ${id} is not running` } };
  switch (action) {
    case 'json':
      return { status: 200, body: inspection(o, p) };
    case 'kill':
      if (!running && p.state !== 'paused') return notRunning;
      await o.supervisor.kill(p.name);
      return { status: 204 };
    case 'stop':
      if (!running && p.state !== 'paused') return { status: 304 };
      await o.supervisor.kill(p.name);
      return { status: 204 };
    case 'start':
      if (running || p.state === 'paused') return { status: 304 };
      await o.supervisor.restart(p.name);
      return { status: 204 };
    case 'restart':
      await o.supervisor.restart(p.name);
      return { status: 204 };
    case 'pause':
      if (p.state === 'paused')
        return { status: 409, body: { message: `Container ${id} is already paused` } };
      if (!running) return notRunning;
      o.supervisor.pause(p.name);
      return { status: 204 };
    default:
      if (p.state !== 'paused') return { status: 409, body: { message: `Container ${id} is not paused` } };
      o.supervisor.resume(p.name);
      return { status: 204 };
  }
}

function list(o: Options, url: URL): Answer {
  const filters = JSON.parse(url.searchParams.get('filters') ?? '{}') as { label?: string[] };
  const wanted = filters.label ?? [];
  const all = url.searchParams.get('all') === 'true';
  const rows = [
    { Id: o.selfId, Names: [`/${o.project}-supervisor-1`], Labels: selfLabels(o), State: 'running' },
    ...o.supervisor.list().map((p) => {
      const state = inspection(o, p).State.Status;
      return {
        Id: containerId(p.name),
        Names: [`/${o.project}-${p.name}-1`],
        Labels: labels(o, p),
        State: state,
      };
    }),
  ];
  return {
    status: 200,
    body: rows.filter(
      (row) =>
        (all || row.State === 'running') &&
        wanted.every((filter) => {
          const [key, value] = filter.split('=', 2) as [string, string | undefined];
          return value === undefined ? key in row.Labels : row.Labels[key] === value;
        }),
    ),
  };
}

function inspection(o: Options, p: ProcessStatus) {
  const alive = p.state !== 'exited' && p.state !== 'killed';
  const status = p.state === 'paused' ? 'paused' : alive ? 'running' : 'exited';
  const health = p.state === 'running' || p.state === 'paused' ? 'healthy' : alive ? 'starting' : 'unhealthy';
  return {
    Id: containerId(p.name),
    Name: `/${o.project}-${p.name}-1`,
    Config: { Labels: labels(o, p) },
    State: {
      Status: status,
      Running: alive,
      Paused: p.state === 'paused',
      Pid: alive ? (p.pid ?? 0) : 0,
      ExitCode: p.signal === 'SIGKILL' ? 137 : (p.exitCode ?? 0),
      StartedAt: new Date(p.startedAt ?? 0).toISOString(),
      Health: { Status: health },
    },
  };
}

function selfInspection(o: Options) {
  return {
    Id: o.selfId,
    Name: `/${o.project}-supervisor-1`,
    Config: { Labels: selfLabels(o) },
    State: { Status: 'running', Running: true, Paused: false, Pid: process.pid, ExitCode: 0, StartedAt: '' },
  };
}

function labels(o: Options, p: ProcessStatus): Record<string, string> {
  return {
    [composeProjectLabel]: o.project,
    [processLabels.name]: p.name,
    [processLabels.kind]: p.kind,
    [processLabels.region]: p.region,
  };
}

function selfLabels(o: Options): Record<string, string> {
  return { [composeProjectLabel]: o.project };
}

/** A stable 64-hex-like id per process name, as the engine gives containers. */
export function containerId(name: string): string {
  return Buffer.from(name).toString('hex').padEnd(64, '0').slice(0, 64);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
