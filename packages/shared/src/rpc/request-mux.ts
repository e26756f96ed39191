import { createInbox, type Msg, type MsgHdrs, type NatsConnection, nuid, type Subscription } from 'nats';

export type MuxOutcome =
  | { kind: 'reply'; msg: Msg }
  | { kind: 'no-responders' }
  | { kind: 'timeout' }
  /** The connection would not send it (e.g. larger than the server's max_payload). */
  | { kind: 'refused'; reason: string; size: number; max: number };

interface Pending {
  resolve: (outcome: MuxOutcome) => void;
  timer: NodeJS.Timeout;
}

/**
 * Request/reply over one wildcard inbox per connection. nats.js's own `request()` allocates two Error
 * objects (with stack traces) per call even when it succeeds, which costs a sixth of a small request's CPU;
 * this mux allocates none and reports "no responders" and "timeout" as plain outcomes.
 */
export class RequestMux {
  readonly #nc: NatsConnection;
  readonly #prefix: string;
  readonly #pending = new Map<string, Pending>();
  #sub: Subscription | undefined;

  private constructor(nc: NatsConnection) {
    this.#nc = nc;
    this.#prefix = `${createInbox()}.`;
  }

  static #byConnection = new WeakMap<NatsConnection, RequestMux>();

  /** One mux per connection, shared by every client on it. */
  static for(nc: NatsConnection): RequestMux {
    let mux = RequestMux.#byConnection.get(nc);
    if (!mux) {
      mux = new RequestMux(nc);
      RequestMux.#byConnection.set(nc, mux);
    }
    return mux;
  }

  request(subject: string, data: Uint8Array, headers: MsgHdrs, timeoutMs: number): Promise<MuxOutcome> {
    this.#sub ??= this.#subscribe();
    const token = nuid.next();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(token);
        resolve({ kind: 'timeout' });
      }, timeoutMs);
      this.#pending.set(token, { resolve, timer });
      try {
        this.#nc.publish(subject, data, { reply: this.#prefix + token, headers });
      } catch (error) {
        clearTimeout(timer);
        this.#pending.delete(token);
        resolve({
          kind: 'refused',
          reason: String((error as { code?: string }).code ?? error),
          size: data.length,
          max: this.#nc.info?.max_payload ?? 0,
        });
      }
    });
  }

  #subscribe(): Subscription {
    return this.#nc.subscribe(`${this.#prefix}*`, {
      callback: (_err, msg) => {
        const token = msg.subject.slice(this.#prefix.length);
        const pending = this.#pending.get(token);
        if (!pending) return; // a late reply to a request that already timed out
        this.#pending.delete(token);
        clearTimeout(pending.timer);
        // The server's own status message, sent when no subscription matched the request subject.
        const h = msg.headers;
        if (h && h.code === 503 && msg.data.length === 0) pending.resolve({ kind: 'no-responders' });
        else pending.resolve({ kind: 'reply', msg });
      },
    });
  }
}
