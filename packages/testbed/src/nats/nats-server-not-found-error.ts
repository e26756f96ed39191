import { natsServerInstallHint } from './nats-server-install-hint.js';

export class NatsServerNotFoundError extends Error {
  override readonly name = 'NatsServerNotFoundError';

  constructor(reason: string, options?: { cause?: unknown }) {
    super(`${reason}\n${natsServerInstallHint}`, options);
  }
}
