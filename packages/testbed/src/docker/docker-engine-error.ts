/** A Docker Engine API call that failed: the HTTP status (0 when the engine was not reached) and its message. */
export class DockerEngineError extends Error {
  constructor(
    readonly status: number,
    readonly operation: string,
    detail: string,
  ) {
    super(`Docker engine: ${operation}: ${detail}`);
    this.name = 'DockerEngineError';
  }
}
