import { generateKeyPairSync, randomBytes } from 'node:crypto';
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

function walk(value: unknown, path: string, found: string[]): void {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return;
  for (const [k, v] of Object.entries(value)) {
    if (privateMembers.includes(k)) found.push(`${path}.${k}`);
    walk(v, `${path}.${k}`, found);
  }
}

describe('no reply ever carries private key material', () => {
  let t: KeyvaultUnderTest;
  let admin: Principal;

  beforeAll(async () => {
    t = await startKeyvault();
    const world = await tenantWorld(t.entra, 'contoso');
    admin = await world.principal('admin');
    await t.keyvault().createVault({ name: 'kv-walk', tenantId: world.tenant.tenantId, location: 'eastus' });
    await t
      .keyvault()
      .assignRole({ vault: 'kv-walk', principalId: admin.principalId, role: 'Key Vault Administrator' });
  }, 60_000);

  afterAll(() => t?.dispose());

  it('walks the reply of every key operation, imported keys included', async () => {
    const kv = t.keyvault();
    const authorization = await admin.bearer();
    const base = { vault: 'kv-walk', authorization };
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = privateKey.export({ format: 'jwk' });
    const replies: Record<string, unknown> = {};
    replies.createKey = await kv.createKey({ ...base, name: 'k', kty: 'RSA' });
    replies.importKey = await kv.importKey({ ...base, name: 'imported', key: { ...jwk, kty: 'RSA' } });
    replies.getKey = await kv.getKey({ ...base, name: 'imported' });
    replies.listKeys = await kv.listKeys(base);
    replies.listKeyVersions = await kv.listKeyVersions({ ...base, name: 'k' });
    replies.updateKey = await kv.updateKey({ ...base, name: 'k', tags: { team: 'red' } });
    replies.rotateKey = await kv.rotateKey({ ...base, name: 'k' });
    replies.getKeyRotationPolicy = await kv.getKeyRotationPolicy({ ...base, name: 'k' });
    const wrapped = await kv.wrapKey({
      ...base,
      name: 'imported',
      alg: 'RSA-OAEP-256',
      value: randomBytes(32),
    });
    replies.wrapKey = wrapped;
    replies.unwrapKey = await kv.unwrapKey({
      ...base,
      name: 'imported',
      alg: 'RSA-OAEP-256',
      value: wrapped.value,
    });
    replies.sign = await kv.sign({ ...base, name: 'k', alg: 'PS256', value: randomBytes(32) });
    replies.deleteKey = await kv.deleteKey({ ...base, name: 'k' });
    replies.getDeletedKey = await kv.getDeletedKey({ ...base, name: 'k' });
    replies.listDeletedKeys = await kv.listDeletedKeys(base);
    replies.recoverDeletedKey = await kv.recoverDeletedKey({ ...base, name: 'k' });
    replies.getAuditLog = await kv.getAuditLog({ vault: 'kv-walk' });
    const found: string[] = [];
    for (const [operation, reply] of Object.entries(replies)) walk(reply, operation, found);
    expect(found).toEqual([]);
    expect((replies.rotateKey as { key: { kid: string } }).key.kid).not.toBe(
      (replies.createKey as { key: { kid: string } }).key.kid,
    );
    // The imported key is the one we hold: its public modulus is ours, and it unwraps what it wrapped.
    expect((replies.importKey as { key: { n: string } }).key.n).toBe(jwk.n);
  });
});
