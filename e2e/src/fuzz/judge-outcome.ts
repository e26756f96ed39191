import { type AzureErrorBody, decodeBody } from '@cmk-testbed/shared';
import { ServiceErrorCodeHeader, ServiceErrorHeader } from 'nats';
import type { FuzzMessage } from './fuzz-message.js';
import type { RawOutcome } from './send-message.js';

/** The verdict on one message's outcome. */
export type Verdict =
  | 'valid'
  | 'clean-error'
  /** An Azure-shaped 500 InternalError: the rpc layer caught a non-Azure error, i.e. a handler bug. */
  | 'internal-error'
  | 'no-responders'
  | 'refused'
  | 'timeout'
  | 'malformed-reply'
  | 'client-error';

export interface Judgement {
  verdict: Verdict;
  /** Whether the outcome is an acceptable answer to this message. */
  ok: boolean;
  detail: string;
  /** The error's `status code` (`404 AccountNotFound`) when the reply is an Azure-shaped error. */
  error?: string;
}

const acceptable: Record<FuzzMessage['expect'], readonly Verdict[]> = {
  answer: ['valid', 'clean-error'],
  'no-responders': ['no-responders', 'clean-error'],
  refused: ['refused'],
};

/**
 * Judges an outcome by the rpc layer's conventions (packages/shared/src/rpc/handle-request.ts): an error is a
 * reply with `Nats-Service-Error-Code` equal to the status and a msgpack AzureError body whose code is also
 * in `Nats-Service-Error`; anything else must decode and match the operation's reply schema.
 */
export function judgeOutcome(m: FuzzMessage, outcome: RawOutcome): Judgement {
  const { verdict, detail, error } = verdictOf(m, outcome);
  return { verdict, detail, error, ok: acceptable[m.expect].includes(verdict) };
}

function verdictOf(m: FuzzMessage, outcome: RawOutcome): Omit<Judgement, 'ok'> {
  switch (outcome.kind) {
    case 'no-responders':
    case 'timeout':
      return { verdict: outcome.kind, detail: outcome.kind };
    case 'refused':
      return { verdict: 'refused', detail: outcome.code };
    case 'client-error':
      return { verdict: 'client-error', detail: outcome.error };
    case 'reply':
      break;
  }
  const { msg } = outcome;
  let body: unknown;
  try {
    body = decodeBody(msg.data);
  } catch (error) {
    return { verdict: 'malformed-reply', detail: `reply is not msgpack: ${(error as Error).message}` };
  }
  const errorCode = msg.headers?.get(ServiceErrorCodeHeader);
  if (errorCode) {
    if (!isAzureErrorBody(body)) return { verdict: 'malformed-reply', detail: `error body ${preview(body)}` };
    const summary = `${body.status} ${body.code}: ${body.message.slice(0, 300)}`;
    if (errorCode !== String(body.status) || msg.headers?.get(ServiceErrorHeader) !== body.code) {
      return {
        verdict: 'malformed-reply',
        detail: `headers ${errorCode}/${msg.headers?.get(ServiceErrorHeader)} vs ${summary}`,
      };
    }
    const verdict = body.code === 'InternalError' ? 'internal-error' : 'clean-error';
    return { verdict, detail: summary, error: `${body.status} ${body.code}` };
  }
  const spec = m.target.contract.operations[m.operation];
  if (spec && !spec.reply.safeParse(body).success) {
    return { verdict: 'malformed-reply', detail: `reply does not match the contract: ${preview(body)}` };
  }
  return { verdict: 'valid', detail: 'valid reply' };
}

function isAzureErrorBody(value: unknown): value is AzureErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    Number.isInteger(v.status) &&
    (v.status as number) >= 400 &&
    (v.status as number) <= 599 &&
    typeof v.code === 'string' &&
    // PascalCase (ARM, Key Vault, Storage) or Entra's OAuth codes (`invalid_request`, with an AADSTS inner code).
    /^[A-Za-z][A-Za-z0-9_]*$/.test(v.code) &&
    typeof v.message === 'string' &&
    v.message.length > 0 &&
    (v.innerCode === undefined || typeof v.innerCode === 'string')
  );
}

function preview(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 200) ?? String(value);
  } catch {
    return String(value).slice(0, 200);
  }
}
