import { describe, expect, it } from 'vitest';
import { deriveMasterKey } from './derive-master-key.js';
import { openPrivateKey, sealPrivateKey } from './seal-private-key.js';

describe('deriveMasterKey', () => {
  it('derives the same 32 bytes from the same secret, so keys sealed before a restart still open', () => {
    const before = deriveMasterKey('correct horse battery staple');
    const after = deriveMasterKey('correct horse battery staple');
    expect(before).toHaveLength(32);
    expect(after).toEqual(before);
    const sealed = sealPrivateKey(Buffer.from('der'), before, 'kid');
    expect(openPrivateKey(sealed, after, 'kid').toString()).toBe('der');
  });

  it('derives unrelated keys from different secrets', () => {
    expect(deriveMasterKey('secret-a')).not.toEqual(deriveMasterKey('secret-b'));
  });

  it('refuses an empty secret', () => {
    expect(() => deriveMasterKey('')).toThrow(/must not be empty/);
  });
});
