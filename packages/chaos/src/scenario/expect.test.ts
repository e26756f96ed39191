import { describe, expect, it } from 'vitest';
import { checkExpectation, differ } from './expect.js';

const denied = {
  status: 403,
  code: 'KeyVaultEncryptionKeyNotFound',
  message: 'The key vault key is not found.\nRequestId:x',
};
const forbidden = {
  status: 403,
  code: 'Forbidden',
  innerCode: 'ForbiddenByRbac',
  message: 'Caller is not authorized.',
};

describe('the expect matcher', () => {
  it('without expect, a step must succeed and an error names its status, code and first message line', () => {
    expect(checkExpectation(undefined, { reply: {} })).toBeUndefined();
    expect(checkExpectation(undefined, { error: denied })).toBe(
      'expected success, got 403 KeyVaultEncryptionKeyNotFound: The key vault key is not found.',
    );
  });

  it('status, code and innerCode must all hold, and each difference is named', () => {
    expect(
      checkExpectation({ status: 403, code: 'KeyVaultEncryptionKeyNotFound' }, { error: denied }),
    ).toBeUndefined();
    expect(checkExpectation({ status: 404 }, { error: denied })).toMatch(/^status: expected 404, got 403 /);
    expect(checkExpectation({ code: 'KeyVaultVaultNotFound' }, { error: denied })).toMatch(
      /^code: expected KeyVaultVaultNotFound, got 403 KeyVaultEncryptionKeyNotFound/,
    );
    expect(
      checkExpectation({ code: 'Forbidden', innerCode: 'ForbiddenByPolicy' }, { error: forbidden }),
    ).toBe(
      'innerCode: expected ForbiddenByPolicy, got 403 Forbidden/ForbiddenByRbac: Caller is not authorized.',
    );
  });

  it('an expected failure that succeeds is a failure, and says what was expected', () => {
    expect(
      checkExpectation({ status: 403, code: 'KeyVaultEncryptionKeyNotFound' }, { reply: { body: 'x' } }),
    ).toBe('expected 403 KeyVaultEncryptionKeyNotFound, got success');
  });

  it('a 2xx status expectation is met by any success and broken by an error', () => {
    expect(checkExpectation({ status: 200 }, { reply: {} })).toBeUndefined();
    expect(checkExpectation({ status: 200 }, { error: denied })).toMatch(/^expected success, got 403/);
  });

  it('match is partial and deep; body is exact', () => {
    const reply = { key: { kid: 'https://kv/keys/cmk/1', attributes: { enabled: true, exp: 5 } }, extra: 1 };
    expect(
      checkExpectation({ match: { key: { attributes: { enabled: true } } } }, { reply }),
    ).toBeUndefined();
    expect(checkExpectation({ match: { key: { attributes: { enabled: false } } } }, { reply })).toBe(
      'match: reply.key.attributes.enabled: expected false, got true',
    );
    expect(checkExpectation({ body: { key: reply.key } }, { reply })).toBe(
      'body: reply: unexpected field(s) extra',
    );
    expect(checkExpectation({ body: reply }, { reply })).toBeUndefined();
  });

  it('match against an expected error reads the error object', () => {
    expect(
      checkExpectation(
        { status: 403, match: { message: 'The key vault key is not found.\nRequestId:x' } },
        { error: denied },
      ),
    ).toBeUndefined();
    expect(checkExpectation({ code: 'Forbidden', match: { innerCode: 'Nope' } }, { error: forbidden })).toBe(
      'match: error.innerCode: expected "Nope", got "ForbiddenByRbac"',
    );
  });

  it('bytes compare with text as UTF-8, arrays element by element with their length', () => {
    expect(differ('hello', new TextEncoder().encode('hello'), 'reply.body', true)).toBeUndefined();
    expect(differ('hello', new TextEncoder().encode('bye'), 'reply.body', true)).toBe(
      'reply.body: expected "hello", got "bye"',
    );
    expect(differ([{ name: 'a' }], [{ name: 'a' }, { name: 'b' }], 'reply.value', true)).toMatch(
      /^reply.value: expected 1 item\(s\), got 2/,
    );
    expect(
      differ([{ name: 'a' }, { name: 'c' }], [{ name: 'a', x: 1 }, { name: 'b' }], 'reply.value', true),
    ).toBe('reply.value[1].name: expected "c", got "b"');
  });

  it('a missing field is a difference unless null is expected (absent)', () => {
    expect(differ({ metadata: { team: 'red' } }, {}, 'reply', true)).toBe(
      'reply.metadata: expected {"team":"red"}, but it is absent',
    );
    expect(differ({ metadata: null }, {}, 'reply', true)).toBeUndefined();
  });
});
