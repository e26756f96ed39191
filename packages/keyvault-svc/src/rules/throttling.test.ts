import { describe, expect, it } from 'vitest';
import { throttleCost } from './throttling.js';

describe('throttleCost', () => {
  it.each([
    ['other', 'RSA', 2048, 1],
    ['other', 'RSA', 3072, 4],
    ['other', 'RSA', 4096, 8],
    ['other', 'EC', undefined, 1],
    ['other', 'RSA-HSM', 2048, 2],
    ['other', 'RSA-HSM', 3072, 8],
    ['other', 'RSA-HSM', 4096, 16],
    ['other', 'EC-HSM', undefined, 2],
    ['create', 'RSA', 4096, 1],
    ['create', 'EC', undefined, 1],
    ['create', 'RSA-HSM', 4096, 2],
    ['create', 'EC-HSM', undefined, 2],
  ] as const)('%s %s %s costs %i', (category, kty, keySize, cost) => {
    expect(throttleCost({ category, kty, keySize })).toBe(cost);
  });

  it('treats an RSA key without a size as 2048', () => {
    expect(throttleCost({ category: 'other', kty: 'RSA-HSM' })).toBe(2);
  });
});
