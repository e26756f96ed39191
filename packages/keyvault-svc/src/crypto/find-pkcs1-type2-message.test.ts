import { describe, expect, it } from 'vitest';
import { findPkcs1Type2Message } from './find-pkcs1-type2-message.js';

const k = 16;
const block = (bytes: number[]) => Uint8Array.from(bytes);

describe('findPkcs1Type2Message', () => {
  it('finds the message after 8 nonzero padding bytes and the separator', () => {
    expect(findPkcs1Type2Message(block([0, 2, 1, 2, 3, 4, 5, 6, 7, 8, 0, 9, 9, 9, 9, 9]), k)).toBe(11);
  });

  it('stops at the first zero, so a zero inside the message stays in it', () => {
    expect(findPkcs1Type2Message(block([0, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0, 7, 0]), k)).toBe(12);
  });

  it('accepts an empty message', () => {
    expect(findPkcs1Type2Message(block([0, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]), k)).toBe(16);
  });

  it.each([
    ['a nonzero first byte', [1, 2, 1, 2, 3, 4, 5, 6, 7, 8, 0, 9, 9, 9, 9, 9]],
    ['block type 1', [0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 0, 9, 9, 9, 9, 9]],
    ['only 7 padding bytes', [0, 2, 1, 2, 3, 4, 5, 6, 7, 0, 9, 9, 9, 9, 9, 9]],
    ['no separator', [0, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9, 9, 9]],
  ])('rejects %s', (_defect, bytes) => {
    expect(findPkcs1Type2Message(block(bytes), k)).toBeUndefined();
  });

  it('rejects a block that is not k bytes', () => {
    expect(findPkcs1Type2Message(block([0, 2, 1, 2, 3, 4, 5, 6, 7, 8, 0, 9]), k)).toBeUndefined();
  });
});
