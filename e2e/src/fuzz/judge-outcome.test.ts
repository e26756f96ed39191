import { encodeBody } from '@cmk-testbed/shared';
import { headers, type Msg, ServiceErrorCodeHeader, ServiceErrorHeader } from 'nats';
import { describe, expect, it } from 'vitest';
import type { FuzzMessage } from './fuzz-message.js';
import { fuzzTargets } from './fuzz-targets.js';
import { judgeOutcome } from './judge-outcome.js';

const clock = fuzzTargets([]).find((x) => x.label === 'clock/global')!;
const asked = { target: clock, operation: 'now', expect: 'answer' } as FuzzMessage;

function reply(body: unknown, error?: { code: string; status: string }): { kind: 'reply'; msg: Msg } {
  const h = headers();
  if (error) {
    h.set(ServiceErrorCodeHeader, error.status);
    h.set(ServiceErrorHeader, error.code);
  }
  return { kind: 'reply', msg: { data: encodeBody(body), headers: h } as unknown as Msg };
}

describe('judging an outcome', () => {
  const azure = { status: 400, code: 'InvalidInput', message: 'by: bad' };

  it('accepts a reply that matches the contract and an Azure-shaped error', () => {
    const reading = { now: 1, iso: '1970-01-01T00:00:00.001Z', offsetMs: 0, revision: 0 };
    expect(judgeOutcome(asked, reply(reading))).toMatchObject({ verdict: 'valid', ok: true });
    expect(judgeOutcome(asked, reply(azure, { status: '400', code: 'InvalidInput' }))).toMatchObject({
      verdict: 'clean-error',
      ok: true,
    });
  });

  it.each([
    ['a reply the contract does not describe', reply({ now: 'soon' }), 'malformed-reply'],
    [
      'an error body that is not an AzureError',
      reply('oops', { status: '400', code: 'X' }),
      'malformed-reply',
    ],
    [
      'headers that disagree with the body',
      reply(azure, { status: '500', code: 'InvalidInput' }),
      'malformed-reply',
    ],
    [
      'a 500 InternalError',
      reply({ ...azure, status: 500, code: 'InternalError' }, { status: '500', code: 'InternalError' }),
      'internal-error',
    ],
    ['no responders from a live service', { kind: 'no-responders' as const }, 'no-responders'],
    ['silence', { kind: 'timeout' as const }, 'timeout'],
  ])('flags %s', (_, outcome, verdict) => {
    expect(judgeOutcome(asked, outcome)).toMatchObject({ verdict, ok: false });
  });

  it('expects "no responders" from a subject nobody serves, and a refusal above max_payload', () => {
    expect(judgeOutcome({ ...asked, expect: 'no-responders' }, { kind: 'no-responders' }).ok).toBe(true);
    expect(
      judgeOutcome({ ...asked, expect: 'refused' }, reply(azure, { status: '400', code: 'InvalidInput' })).ok,
    ).toBe(false);
    expect(
      judgeOutcome({ ...asked, expect: 'refused' }, { kind: 'refused', code: 'MAX_PAYLOAD_EXCEEDED' }).ok,
    ).toBe(true);
  });
});
