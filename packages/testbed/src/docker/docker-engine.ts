import { request } from 'node:http';
import type { InspectedContainer } from './container-process-info.js';
import { DockerEngineError } from './docker-engine-error.js';

/** A row of `GET /containers/json`: the fields this package reads. */
export interface ListedContainer {
  Id: string;
  Names: string[];
  Labels: Record<string, string>;
  State: string;
}

/** `GET /containers/{id}/json`: the state the supervisor maps, plus the labels. */
export interface ContainerInspection extends InspectedContainer {
  Id: string;
  Name: string;
  Config: { Labels: Record<string, string> | null };
  State: InspectedContainer['State'] & { Running: boolean; Paused: boolean };
}

const defaultTimeoutMs = 30_000;

/**
 * The few Docker Engine API calls the Docker supervisor makes, over the engine's unix socket with `node:http`
 * (no client library: six endpoints). Paths carry no API version, so the engine answers in its own current
 * version; the fields read here have been stable since API 1.25. Non-2xx answers become DockerEngineError
 * with the engine's own message (`{"message": ...}`); 304 from start/stop/pause means "already so" and is
 * success.
 */
export class DockerEngine {
  constructor(
    readonly socketPath: string,
    private readonly timeoutMs = defaultTimeoutMs,
  ) {}

  /** Containers (stopped ones too) carrying every label given: `key=value` or just `key`. */
  listContainers(labels: readonly string[]): Promise<ListedContainer[]> {
    const filters = encodeURIComponent(JSON.stringify({ label: labels }));
    return this.call<ListedContainer[]>(
      'list containers',
      'GET',
      `/containers/json?all=true&filters=${filters}`,
    );
  }

  inspect(id: string): Promise<ContainerInspection> {
    return this.call<ContainerInspection>(
      `inspect ${id}`,
      'GET',
      `/containers/${encodeURIComponent(id)}/json`,
    );
  }

  async kill(id: string, signal = 'SIGKILL'): Promise<void> {
    await this.call(`kill ${id}`, 'POST', `/containers/${encodeURIComponent(id)}/kill?signal=${signal}`);
  }

  async start(id: string): Promise<void> {
    await this.call(`start ${id}`, 'POST', `/containers/${encodeURIComponent(id)}/start`);
  }

  /** SIGTERM (the image's stop signal), SIGKILL after `graceSeconds`, then start again. */
  async restart(id: string, graceSeconds: number): Promise<void> {
    await this.call(
      `restart ${id}`,
      'POST',
      `/containers/${encodeURIComponent(id)}/restart?t=${graceSeconds}`,
    );
  }

  async stop(id: string, graceSeconds: number): Promise<void> {
    await this.call(`stop ${id}`, 'POST', `/containers/${encodeURIComponent(id)}/stop?t=${graceSeconds}`);
  }

  /** Freezes every process of the container (cgroup freezer): it hangs like SIGSTOP. */
  async pause(id: string): Promise<void> {
    await this.call(`pause ${id}`, 'POST', `/containers/${encodeURIComponent(id)}/pause`);
  }

  async unpause(id: string): Promise<void> {
    await this.call(`unpause ${id}`, 'POST', `/containers/${encodeURIComponent(id)}/unpause`);
  }

  private call<T = undefined>(operation: string, method: 'GET' | 'POST', path: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const req = request(
        { socketPath: this.socketPath, method, path, headers: { host: 'docker' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const text = Buffer.concat(chunks).toString('utf8');
            if (status === 204 || status === 304) return resolve(undefined as T);
            if (status >= 200 && status < 300) {
              try {
                return resolve(JSON.parse(text) as T);
              } catch {
                return reject(
                  new DockerEngineError(
                    status,
                    operation,
                    `the engine's answer is not JSON: ${text.slice(0, 200)}`,
                  ),
                );
              }
            }
            reject(new DockerEngineError(status, operation, engineMessage(text) ?? `HTTP ${status}`));
          });
        },
      );
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (error: NodeJS.ErrnoException) =>
        reject(
          new DockerEngineError(
            0,
            operation,
            `cannot reach the Docker engine at ${this.socketPath}: ${error.code ?? error.message}${hint(error.code)}`,
          ),
        ),
      );
      req.end();
    });
  }
}

function engineMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    return typeof body.message === 'string' ? body.message : undefined;
  } catch {
    return text.trim() || undefined;
  }
}

function hint(code: string | undefined): string {
  if (code === 'ENOENT') return ' (mount the engine socket into this container: /var/run/docker.sock)';
  if (code === 'EACCES') return ' (this user may not use the socket: run the supervisor service as root)';
  return '';
}
