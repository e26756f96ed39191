import { describe, expect, it } from 'vitest';
import {
  validateAccountName,
  validateBlobName,
  validateContainerName,
  validateDirectoryOrFileName,
  validateMetadata,
  validateMetadataName,
  validateMetadataValue,
  validateQueueName,
  validateShareName,
  validateTableName,
} from './storage-names.js';

type Validator = (name: string) => string | undefined;

function expectValid(validate: Validator, names: readonly string[]): void {
  expect(names.filter((name) => validate(name) !== undefined)).toEqual([]);
}
function expectInvalid(validate: Validator, names: readonly string[]): void {
  expect(names.filter((name) => validate(name) === undefined)).toEqual([]);
}

describe('validateAccountName', () => {
  it('accepts 3-24 lowercase letters and digits', () => {
    expectValid(validateAccountName, ['abc', 'cmktestbed01', 'a'.repeat(24)]);
  });
  it('rejects wrong lengths, capitals, hyphens and other characters', () => {
    expectInvalid(validateAccountName, ['ab', 'a'.repeat(25), 'Cmk', 'cmk-test', 'cmk_test', 'cmk.test', '']);
  });
});

describe.each([
  ['validateContainerName', validateContainerName],
  ['validateShareName', validateShareName],
  ['validateQueueName', validateQueueName],
] as const)('%s', (_name, validate) => {
  it('accepts DNS-like names of 3-63 characters', () => {
    expectValid(validate, ['abc', 'my-data-2026', '0ab', 'a1-b2-c3', 'a'.repeat(63)]);
  });
  it('rejects bad lengths, capitals, leading/trailing/double hyphens and other characters', () => {
    expectInvalid(validate, [
      'ab',
      'a'.repeat(64),
      'MyData',
      '-abc',
      'abc-',
      'ab--cd',
      'ab_cd',
      'ab.cd',
      'ab cd',
    ]);
  });
  it('gives a reason a person can act on', () => {
    expect(validate('ab')).toMatch(/3 through 63/);
  });
});

describe('validateContainerName', () => {
  it('accepts the root container $root but no other $ name', () => {
    expect(validateContainerName('$root')).toBeUndefined();
    expectInvalid(validateContainerName, ['$logs', '$web', '$rootx']);
  });
});

describe('validateShareName', () => {
  it('does not accept $root, which only containers have', () => {
    expect(validateShareName('$root')).toBeDefined();
  });
});

describe('validateTableName', () => {
  it('accepts 3-63 letters and digits starting with a letter, in any case', () => {
    expectValid(validateTableName, ['abc', 'MyTable2026', 'T12', `A${'b'.repeat(62)}`]);
  });
  it('rejects digits first, hyphens, bad lengths and the reserved name in any case', () => {
    expectInvalid(validateTableName, [
      '1abc',
      'my-table',
      'ab',
      `A${'b'.repeat(63)}`,
      'tables',
      'Tables',
      '',
    ]);
  });
});

describe('validateBlobName', () => {
  it('accepts any characters from 1 to 1024 long, including virtual directories', () => {
    expectValid(validateBlobName, ['a', 'dir/sub/file.txt', '/a', 'ü ñ 漢字 !#$&', 'a'.repeat(1024)]);
  });
  it('rejects empty and too long names', () => {
    expectInvalid(validateBlobName, ['', 'a'.repeat(1025)]);
  });
  it('rejects names Azure would trim: a trailing dot or slash, or a segment ending with a dot', () => {
    expectInvalid(validateBlobName, ['file.', 'dir/', 'dir./file', 'a/./b']);
  });
  it('rejects control characters, C1 controls, non-characters and lone surrogates', () => {
    expectInvalid(validateBlobName, ['a\u0000b', 'a\nb', 'a\u0081b', 'a\ufffeb', 'a\u{1fffe}b', 'a\ud800b']);
  });
  it('allows 254 path segments but not 255', () => {
    expect(validateBlobName(Array(254).fill('s').join('/'))).toBeUndefined();
    expect(validateBlobName(Array(255).fill('s').join('/'))).toMatch(/254/);
  });
});

describe('validateDirectoryOrFileName', () => {
  it('accepts names of 1-255 characters with spaces, dots and Unicode', () => {
    expectValid(validateDirectoryOrFileName, [
      'a',
      'report 2026.final.docx',
      '.hidden',
      'ü漢字',
      'x'.repeat(255),
    ]);
  });
  it('rejects empty and too long names', () => {
    expectInvalid(validateDirectoryOrFileName, ['', 'x'.repeat(256)]);
  });
  it('rejects each forbidden character', () => {
    expectInvalid(
      validateDirectoryOrFileName,
      ['"', '\\', '/', ':', '|', '<', '>', '*', '?'].map((c) => `a${c}b`),
    );
  });
  it('rejects control characters and reserved device names in any case', () => {
    expectInvalid(validateDirectoryOrFileName, [
      'a\u0001b',
      'NUL',
      'nul',
      'COM1',
      'lpt9',
      'CLOCK$',
      '.',
      '..',
    ]);
  });
  it('accepts names that only resemble reserved ones', () => {
    expectValid(validateDirectoryOrFileName, ['COM10', 'nul.txt', 'console']);
  });
});

describe('metadata', () => {
  it('accepts C# identifier names', () => {
    expectValid(validateMetadataName, ['name', '_private', 'Project2026', 'a_b_c']);
  });
  it('rejects names that are not C# identifiers', () => {
    expectInvalid(validateMetadataName, ['', '2fast', 'has-dash', 'has space', 'dot.ted', 'naïve']);
  });
  it('accepts printable ASCII values, including empty', () => {
    expectValid(validateMetadataValue, ['', 'plain', 'with spaces and !@#$%^&*()', 'tab\there']);
  });
  it('rejects non-ASCII and line-breaking values', () => {
    expectInvalid(validateMetadataValue, ['café', 'line\nbreak', 'cr\rlf', '漢字']);
  });
  it('rejects two names that differ only in case', () => {
    expect(validateMetadata({ Owner: 'a', owner: 'b' })).toMatch(/twice/);
  });
  it('accepts a valid set and reports the first bad entry of an invalid one', () => {
    expect(validateMetadata({ owner: 'a', Project: 'b' })).toBeUndefined();
    expect(validateMetadata({ owner: 'a', 'bad-name': 'b' })).toMatch(/bad-name/);
    expect(validateMetadata({ owner: 'café' })).toMatch(/ASCII/);
  });
});
