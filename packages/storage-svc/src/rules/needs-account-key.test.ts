import { describe, expect, it } from 'vitest';
import { type AccountKeyTypes, needsAccountKey } from './needs-account-key.js';
import { type StorageOperation, storageOperations } from './storage-operations.js';

// "Customer-managed keys for account encryption" (2024), /work/shared/seeds/cmk-overview-2024.txt:
// "Blob Storage operations that fail after a key is revoked". The 2020 page (cmk-overview-2020.md) has the
// same 17 entries in the same order; facts §10 repeats them.
const documentedBlobFailures = [
  'List Blobs', // "when called with the include=metadata parameter on the request URI"
  'Get Blob',
  'Get Blob Properties',
  'Get Blob Metadata',
  'Set Blob Metadata',
  'Snapshot Blob', // "when called with the x-ms-meta-name request header"
  'Copy Blob',
  'Copy Blob From URL',
  'Set Blob Tier',
  'Put Block',
  'Put Block From URL',
  'Append Block',
  'Append Block From URL',
  'Put Blob',
  'Put Page',
  'Put Page From URL',
  'Incremental Copy Blob',
];

// Same 2024 page: "Azure Files operations that fail after a key is revoked". The 2020 page has no Files list;
// the newer page wins. facts §10 lists the same 18 operations.
const documentedFileFailures = [
  'Create Permission',
  'Get Permission',
  'List Directories and Files',
  'Create Directory',
  'Get Directory Properties',
  'Set Directory Properties',
  'Get Directory Metadata',
  'Set Directory Metadata',
  'Create File',
  'Get File',
  'Get File Properties',
  'Set File Properties',
  'Put Range',
  'Put Range From URL',
  'Get File Metadata',
  'Set File Metadata',
  'Copy File',
  'Rename File',
];

// The two entries the page qualifies with "when called with ...".
const conditionalFailures = ['List Blobs', 'Snapshot Blob'];

// Documented as failing but not (yet) served by the emulator. Adding one to the catalogue must update this.
const documentedButNotCatalogued = [
  'Copy Blob From URL',
  'Put Block From URL',
  'Append Block From URL',
  'Put Page From URL',
  'Incremental Copy Blob',
  'Set Directory Properties',
  'Get Directory Metadata',
  'Put Range From URL',
];

const documentedFailures = [...documentedBlobFailures, ...documentedFileFailures];
const operations = Object.keys(storageOperations) as StorageOperation[];
const serviceKeys: AccountKeyTypes = { queue: 'Service', table: 'Service' };
const accountKeys: AccountKeyTypes = { queue: 'Account', table: 'Account' };
const everyCondition = { include: ['metadata'], metadata: { name: 'value' } };

describe('needsAccountKey against the documented revocation lists', () => {
  it('needs the key for exactly the documented operations when every condition is met', () => {
    const needing = operations
      .filter((op) => ['blob', 'file'].includes(storageOperations[op].service))
      .filter((op) => needsAccountKey(op, everyCondition, serviceKeys))
      .map((op) => storageOperations[op].restName);
    const expected = documentedFailures.filter((name) => !documentedButNotCatalogued.includes(name));
    expect(needing.sort()).toEqual(expected.sort());
  });

  it('needs the key for exactly the unconditional documented operations on a bare request', () => {
    const needing = operations
      .filter((op) => needsAccountKey(op, {}, accountKeys))
      .filter((op) => ['blob', 'file'].includes(storageOperations[op].service))
      .map((op) => storageOperations[op].restName);
    const expected = documentedFailures.filter(
      (name) => !documentedButNotCatalogued.includes(name) && !conditionalFailures.includes(name),
    );
    expect(needing.sort()).toEqual(expected.sort());
  });

  it('leaves out of the catalogue only the documented operations listed as not catalogued', () => {
    const catalogued = new Set<string>(operations.map((op) => storageOperations[op].restName));
    expect(documentedFailures.filter((name) => !catalogued.has(name))).toEqual(documentedButNotCatalogued);
  });

  it.each([
    ['putBlock', true],
    ['putBlockList', false],
    ['getBlobProperties', true],
    ['setBlobProperties', false],
    ['listDirectoriesAndFiles', true],
    ['deleteBlob', false],
    ['deleteFile', false],
    ['deleteDirectory', false],
    ['createContainer', false],
    ['createShare', false],
    ['createPermission', true],
    ['getPermission', true],
  ] as const)('%s needs the key: %s', (operation, expected) => {
    expect(needsAccountKey(operation, {}, serviceKeys)).toBe(expected);
  });
});

describe('needsAccountKey conditions', () => {
  it('lets List Blobs proceed unless metadata is included', () => {
    expect(needsAccountKey('listBlobs', {}, serviceKeys)).toBe(false);
    expect(needsAccountKey('listBlobs', { include: ['snapshots', 'deleted'] }, serviceKeys)).toBe(false);
    expect(needsAccountKey('listBlobs', { include: ['snapshots', 'metadata'] }, serviceKeys)).toBe(true);
    expect(needsAccountKey('listBlobs', { include: ['Metadata'] }, serviceKeys)).toBe(true);
  });

  it('lets Snapshot Blob proceed unless x-ms-meta-* headers are sent', () => {
    expect(needsAccountKey('snapshotBlob', {}, serviceKeys)).toBe(false);
    expect(needsAccountKey('snapshotBlob', { metadata: {} }, serviceKeys)).toBe(false);
    expect(needsAccountKey('snapshotBlob', { metadata: { name: 'v' } }, serviceKeys)).toBe(true);
  });

  it('ignores the request for unconditional operations', () => {
    expect(needsAccountKey('getBlob', {}, serviceKeys)).toBe(true);
    expect(needsAccountKey('deleteBlob', everyCondition, serviceKeys)).toBe(false);
  });
});

describe('needsAccountKey for queues and tables', () => {
  const queueTableOps = operations.filter((op) => ['queue', 'table'].includes(storageOperations[op].service));

  it('needs no key for any queue or table operation when both use keyType Service', () => {
    expect(queueTableOps.filter((op) => needsAccountKey(op, everyCondition, serviceKeys))).toEqual([]);
  });

  it('needs the key for message and entity reads and writes when the service uses keyType Account', () => {
    const needing = queueTableOps.filter((op) => needsAccountKey(op, {}, accountKeys));
    expect(needing.sort()).toEqual(
      ['putMessage', 'getMessages', 'peekMessages', 'insertEntity', 'getEntity', 'queryEntities'].sort(),
    );
  });

  it('looks only at the key type of the operation’s own service', () => {
    expect(needsAccountKey('putMessage', {}, { queue: 'Account', table: 'Service' })).toBe(true);
    expect(needsAccountKey('insertEntity', {}, { queue: 'Account', table: 'Service' })).toBe(false);
    expect(needsAccountKey('insertEntity', {}, { queue: 'Service', table: 'Account' })).toBe(true);
  });

  it('never lets the queue/table key type change a blob or file rule', () => {
    const blobFile = operations.filter((op) => !queueTableOps.includes(op));
    for (const op of blobFile) {
      expect(needsAccountKey(op, {}, serviceKeys)).toBe(needsAccountKey(op, {}, accountKeys));
    }
  });
});

describe('storageOperations', () => {
  it('names each REST operation once, except Query Entities which also serves a single-entity read', () => {
    const names = operations.map((op) => storageOperations[op].restName);
    const repeated = names.filter((name, i) => names.indexOf(name) !== i);
    expect(repeated).toEqual(['Query Entities']);
  });

  it('keys each operation by the camelCase of its REST name', () => {
    const camel = (name: string) =>
      name
        .split(' ')
        .map((word, i) => (i === 0 ? word.toLowerCase() : word[0]!.toUpperCase() + word.slice(1)))
        .join('');
    const mismatched = operations.filter(
      (op) => op !== 'getEntity' && camel(storageOperations[op].restName) !== op,
    );
    expect(mismatched).toEqual([]);
  });
});
