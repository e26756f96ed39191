import { ErrorCode, type Msg, type NatsConnection } from 'nats';
import type { FuzzMessage } from './fuzz-message.js';

/** What came back for one message, before judging it. */
export type RawOutcome =
  | { kind: 'reply'; msg: Msg }
  | { kind: 'no-responders' }
  | { kind: 'timeout' }
  | { kind: 'refused'; code: string }
  | { kind: 'client-error'; error: string };

/** Sends one fuzz message as a plain NATS request and reports what happened, without throwing. */
export async function sendMessage(
  nc: NatsConnection,
  m: FuzzMessage,
  timeoutMs: number,
): Promise<RawOutcome> {
  try {
    const msg = await nc.request(m.subject, m.data, {
      timeout: timeoutMs,
      ...(m.headers ? { headers: m.headers } : {}),
    });
    return { kind: 'reply', msg };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === ErrorCode.NoResponders) return { kind: 'no-responders' };
    if (code === ErrorCode.Timeout) return { kind: 'timeout' };
    if (code === ErrorCode.MaxPayloadExceeded) return { kind: 'refused', code };
    return { kind: 'client-error', error: `${code ?? ''} ${String(error)}`.trim() };
  }
}
