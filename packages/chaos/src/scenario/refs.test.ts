// biome-ignore-all lint/suspicious/noTemplateCurlyInString: scenario references are literal ${...} text
import { describe, expect, it } from 'vitest';
import { pick, ScenarioReferenceError, substitute } from './refs.js';

describe('references in steps', () => {
  const saved: Record<string, unknown> = {
    kid: 'https://kv1-ab12cd.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef',
    bytes: new Uint8Array([1, 2]),
    n: 3,
  };
  const lookup = (ref: string) => {
    const [head, ...rest] = ref.split('.');
    return rest.length > 0 ? pick(saved[head!], rest.join('.')) : saved[ref];
  };

  it('keeps the type of a whole-string reference and splices text into longer strings', () => {
    expect(substitute({ a: '${n}', b: 'n=${n}', c: ['${bytes}'] }, lookup, 'with')).toEqual({
      a: 3,
      b: 'n=3',
      c: [new Uint8Array([1, 2])],
    });
  });

  it('gives the parts of a Key Vault key id as the SDK identifier does', () => {
    expect(substitute('${kid.version}', lookup, 'with')).toBe('0123456789abcdef0123456789abcdef');
    expect(substitute('${kid.name}', lookup, 'with')).toBe('cmk');
    expect(substitute('${kid.vaultUrl}', lookup, 'with')).toBe('https://kv1-ab12cd.vault.azure.net');
  });

  it('names the field and the reference that resolves to nothing', () => {
    expect(() => substitute({ x: { y: '${nothing}' } }, lookup, 'with')).toThrow(ScenarioReferenceError);
    expect(() => substitute({ x: { y: '${nothing}' } }, lookup, 'with')).toThrow(
      'with.x.y: ${nothing} names nothing saved or set up',
    );
    expect(() => substitute('${kid.colour}', lookup, 'expect')).toThrow(
      'expect: ${kid.colour} names nothing',
    );
  });

  it('picks dotted and indexed paths of a reply', () => {
    const reply = { value: [{ name: 'a' }, { name: 'b' }] };
    expect(pick(reply, 'value[1].name')).toBe('b');
    expect(pick(reply, 'value.0.name')).toBe('a');
    expect(pick(reply, 'value.5.name')).toBeUndefined();
  });
});
