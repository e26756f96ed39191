import { natsServerInstallHint } from './nats-server-install-hint.js';

/** No nats-server binary could be found or installed; the message ends with how to get one. */
export class NatsServerNotFoundError extends Error {
  override readonly name = 'NatsServerNotFoundError';

  constructor(reason: string, options?: { cause?: unknown }) {
    super(`${reason}\n${natsServerInstallHint}`, options);
  }
}
