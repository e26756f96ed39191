import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { AzureError, type ContractClient, client, keyvaultContract } from '@cmk-testbed/shared';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyvaultUnderTest, startKeyvault } from '../testing/start-keyvault.js';
import { type Principal, tenantWorld } from '../testing/vault-world.js';

const privateMembers = [
  'd',
  'p',
  'q',
  'dp',
  'dq',
  'qi',
  'privateKeyDer',
  'privateKeyPem',
  'sealed',
  'ciphertext',
  'tag',
  'iv',
];
const privateParts = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;

function walk(value: unknown, path: string, found: string[]): void {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return;
  for (const [k, v] of Object.entries(value)) {
    if (privateMembers.includes(k)) found.push(`${path}.${k}`);
    walk(v, `${path}.${k}`, found);
  }
}

/**
 * Byte patterns that betray a private part of the imported key: its raw bytes (whole, and a 16-byte window in
 * case of a partial leak), and the start of its base64url, base64 and hex text.
 */
function leakPatterns(jwk: Record<string, unknown>): { name: string; bytes: Buffer }[] {
  return privateParts.flatMap((part) => {
    const raw = Buffer.from(jwk[part] as string, 'base64url');
    return [
      { name: `${part} raw`, bytes: raw },
      { name: `${part} raw window`, bytes: raw.subarray(8, 24) },
      { name: `${part} base64url`, bytes: Buffer.from(raw.toString('base64url').slice(0, 24)) },
      { name: `${part} base64`, bytes: Buffer.from(raw.toString('base64').slice(0, 24)) },
      { name: `${part} hex`, bytes: Buffer.from(raw.toString('hex').slice(0, 32)) },
    ];
  });
}

describe('no reply ever carries private key material', () => {
  let t: KeyvaultUnderTest;
  let admin: Principal;
  let tenantId: string;
  let nc: NatsConnection;
  let kv: ContractClient<typeof keyvaultContract>;
  /** Every message delivered to the test client's inboxes: the replies' bytes and header values as sent. */
  const tapped: Buffer[] = [];

  beforeAll(async () => {
    t = await startKeyvault();
    const world = await tenantWorld(t.entra, 'contoso');
    tenantId = world.tenant.tenantId;
    admin = await world.principal('admin');
    // A connection of its own, so its inboxes receive the keyvault-svc replies to this test and nothing else.
    nc = await connect({ servers: t.server.url });
    nc.subscribe('_INBOX.>', {
      callback: (_err, msg) => {
        tapped.push(Buffer.from(msg.data));
        for (const k of msg.headers?.keys() ?? [])
          tapped.push(Buffer.from(msg.headers!.values(k).join('\n')));
      },
    });
    kv = client(nc, keyvaultContract, {
      caller: { service: 'test', instance: 'test', region: 'eastus' },
      region: 'eastus',
    });
  }, 60_000);

  afterAll(async () => {
    await nc?.close();
    await t?.dispose();
  });

  it('covers every operation of the contract, error replies included, by field name and by the key bytes', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = privateKey.export({ format: 'jwk' }) as Record<string, string>;
    const replies: Record<string, unknown> = {};
    const errors: Record<string, unknown> = {};
    const refused = async (operation: string, call: () => Promise<unknown>) => {
      errors[operation] = await call().then(
        (reply) => {
          throw new Error(`${operation} was expected to fail, got ${JSON.stringify(reply)}`);
        },
        (error: unknown) => {
          expect(error).toBeInstanceOf(AzureError);
          return (error as AzureError).toBody();
        },
      );
    };

    // Control plane.
    replies.health = await kv.health({});
    replies.createVault = await kv.createVault({ name: 'kv-walk', tenantId, location: 'eastus' });
    replies.getVault = await kv.getVault({ name: 'kv-walk' });
    replies.listVaults = await kv.listVaults({});
    replies.updateVault = await kv.updateVault({ name: 'kv-walk', enablePurgeProtection: false });
    replies.resolveVault = await kv.resolveVault({ name: 'kv-walk' });
    replies.assignRole = await kv.assignRole({
      vault: 'kv-walk',
      principalId: admin.principalId,
      role: 'Key Vault Administrator',
    });
    replies.listRoleAssignments = await kv.listRoleAssignments({ vault: 'kv-walk' });
    const policy = { tenantId, objectId: admin.principalId, permissions: { keys: ['get'] } };
    replies.setAccessPolicy = await kv.setAccessPolicy({ vault: 'kv-walk', policy });
    replies.removeAccessPolicy = await kv.removeAccessPolicy({
      vault: 'kv-walk',
      objectId: admin.principalId,
    });

    // Data plane, with the imported key (whose private parts the test knows) doing the private-key work.
    const authorization = await admin.bearer();
    const base = { vault: 'kv-walk', authorization };
    const imported = { ...base, name: 'imported' };
    replies.createKey = await kv.createKey({ ...base, name: 'k', kty: 'RSA' });
    replies.importKey = await kv.importKey({ ...imported, key: { ...jwk, kty: 'RSA' } });
    replies.getKey = await kv.getKey(imported);
    replies.listKeys = await kv.listKeys(base);
    replies.listKeyVersions = await kv.listKeyVersions(imported);
    replies.updateKey = await kv.updateKey({ ...imported, tags: { team: 'red' } });
    replies.rotateKey = await kv.rotateKey({ ...base, name: 'k' });
    replies.getKeyRotationPolicy = await kv.getKeyRotationPolicy(imported);
    replies.updateKeyRotationPolicy = await kv.updateKeyRotationPolicy({
      ...imported,
      lifetimeActions: [{ trigger: { timeBeforeExpiry: 'P30D' }, action: { type: 'Notify' } }],
      attributes: { expiryTime: 'P90D' },
    });
    const cek = randomBytes(32);
    const wrapped = await kv.wrapKey({ ...imported, alg: 'RSA-OAEP-256', value: cek });
    replies.wrapKey = wrapped;
    replies.unwrapKey = await kv.unwrapKey({ ...imported, alg: 'RSA-OAEP-256', value: wrapped.value });
    const encrypted = await kv.encrypt({ ...imported, alg: 'RSA-OAEP', value: cek });
    replies.encrypt = encrypted;
    replies.decrypt = await kv.decrypt({ ...imported, alg: 'RSA-OAEP', value: encrypted.value });
    const digest = randomBytes(32);
    const signature = await kv.sign({ ...imported, alg: 'PS256', value: digest });
    replies.sign = signature;
    replies.verify = await kv.verify({ ...imported, alg: 'PS256', digest, value: signature.value });
    replies.deleteKey = await kv.deleteKey(imported);
    replies.getDeletedKey = await kv.getDeletedKey(imported);
    replies.listDeletedKeys = await kv.listDeletedKeys(base);
    replies.recoverDeletedKey = await kv.recoverDeletedKey(imported);
    await kv.deleteKey({ ...base, name: 'k' });
    replies.purgeDeletedKey = await kv.purgeDeletedKey({ ...base, name: 'k' });
    replies.getAuditLog = await kv.getAuditLog({ vault: 'kv-walk' });
    const reader = await kv.assignRole({ vault: 'kv-walk', principalId: 'reader', role: 'Key Vault Reader' });
    replies.removeRoleAssignment = await kv.removeRoleAssignment({ vault: 'kv-walk', id: reader.id });
    await kv.createVault({ name: 'kv-gone', tenantId, location: 'eastus' });
    replies.deleteVault = await kv.deleteVault({ name: 'kv-gone' });
    replies.getDeletedVault = await kv.getDeletedVault({ name: 'kv-gone' });
    replies.recoverDeletedVault = await kv.recoverDeletedVault({ name: 'kv-gone' });
    await kv.deleteVault({ name: 'kv-gone' });
    replies.purgeDeletedVault = await kv.purgeDeletedVault({ name: 'kv-gone' });
    expect(replies.unwrapKey).toMatchObject({ value: new Uint8Array(cek) });
    expect(replies.verify).toEqual({ value: true });
    expect((replies.importKey as { key: { n: string } }).key.n).toBe(jwk.n);

    // Error replies: refused tokens, missing objects, a bad import of the known key, and bad input.
    const nowhere = { vault: 'kv-walk', authorization, name: 'missing' };
    const noToken = { vault: 'kv-walk', name: 'imported' };
    await refused('createVault', () => kv.createVault({ name: 'kv-walk', tenantId, location: 'eastus' }));
    for (const op of [
      'getVault',
      'updateVault',
      'deleteVault',
      'getDeletedVault',
      'recoverDeletedVault',
    ] as const)
      await refused(op, () =>
        kv.call(op, {
          name: op === 'getDeletedVault' || op === 'recoverDeletedVault' ? 'kv-walk' : 'kv-nowhere',
        }),
      );
    await refused('purgeDeletedVault', () => kv.purgeDeletedVault({ name: 'kv-walk' }));
    await refused('resolveVault', () => kv.resolveVault({ name: 'kv-nowhere' }));
    await refused('listVaults', () => kv.call('listVaults', { unexpected: true }));
    await refused('assignRole', () =>
      kv.assignRole({ vault: 'kv-walk', principalId: 'x', role: 'No Such Role' }),
    );
    await refused('removeRoleAssignment', () => kv.removeRoleAssignment({ vault: 'kv-walk', id: 'nope' }));
    await refused('listRoleAssignments', () => kv.listRoleAssignments({ vault: 'kv-nowhere' }));
    await refused('setAccessPolicy', () => kv.setAccessPolicy({ vault: 'kv-nowhere', policy }));
    await refused('removeAccessPolicy', () => kv.removeAccessPolicy({ vault: 'kv-nowhere', objectId: 'x' }));
    await refused('getAuditLog', () => kv.getAuditLog({ vault: 'kv-nowhere' }));
    // The known private key with a modulus that does not belong to it: the refusal must not quote the key.
    const broken = { ...jwk, n: Buffer.from(randomBytes(256)).toString('base64url') };
    await refused('importKey', () =>
      kv.importKey({ ...imported, name: 'broken', key: { ...broken, kty: 'RSA' } }),
    );
    await refused('createKey', () => kv.createKey({ ...noToken, kty: 'RSA' }));
    for (const op of [
      'getKey',
      'listKeyVersions',
      'deleteKey',
      'getDeletedKey',
      'recoverDeletedKey',
      'purgeDeletedKey',
      'rotateKey',
      'getKeyRotationPolicy',
    ] as const)
      await refused(op, () => kv.call(op, op.includes('Deleted') ? nowhere : noToken));
    await refused('listKeys', () => kv.listKeys({ vault: 'kv-walk' }));
    await refused('listDeletedKeys', () => kv.listDeletedKeys({ vault: 'kv-walk' }));
    await refused('updateKey', () => kv.updateKey({ ...nowhere, tags: {} }));
    await refused('updateKeyRotationPolicy', () =>
      kv.updateKeyRotationPolicy({ ...imported, lifetimeActions: [], attributes: { expiryTime: 'P1D' } }),
    );
    await refused('wrapKey', () => kv.wrapKey({ ...noToken, alg: 'RSA-OAEP-256', value: cek }));
    // The wrapped key under the wrong algorithm: decryption fails inside the service, next to the private key.
    await refused('unwrapKey', () => kv.unwrapKey({ ...imported, alg: 'RSA-OAEP', value: wrapped.value }));
    await refused('encrypt', () => kv.encrypt({ ...nowhere, alg: 'RSA-OAEP', value: cek }));
    await refused('decrypt', () => kv.decrypt({ ...imported, alg: 'RSA-OAEP-256', value: encrypted.value }));
    await refused('sign', () => kv.sign({ ...imported, alg: 'PS256', value: randomBytes(7) }));
    await refused('verify', () => kv.verify({ ...noToken, alg: 'PS256', digest, value: signature.value }));

    const operations = Object.keys(keyvaultContract.operations).sort();
    expect(Object.keys(replies).sort()).toEqual(operations);
    expect(Object.keys(errors).sort()).toEqual(operations.filter((op) => op !== 'health'));

    // Each refusal is the service's own answer, not a crash.
    const crashed = Object.entries(errors).filter(([, e]) => (e as { status: number }).status >= 500);
    expect(crashed).toEqual([]);
    const found: string[] = [];
    for (const [operation, reply] of Object.entries(replies)) walk(reply, operation, found);
    for (const [operation, error] of Object.entries(errors)) walk(error, `${operation} error`, found);
    expect(found).toEqual([]);

    // Every reply went through the tap , and none holds the key's bytes.
    expect(tapped.length).toBeGreaterThanOrEqual(Object.keys(replies).length + Object.keys(errors).length);
    // The search works: the public modulus, which replies do carry, is found the same way.
    expect(tapped.some((bytes) => bytes.includes(Buffer.from(jwk.n!.slice(0, 24))))).toBe(true);
    const leaks = leakPatterns(jwk).filter((pattern) =>
      tapped.some((bytes) => bytes.includes(pattern.bytes)),
    );
    expect(leaks.map((l) => l.name)).toEqual([]);
  });
});
