import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyvaultUnderTest, startKeyvault } from '../testing/start-keyvault.js';
import { type Principal, tenantWorld } from '../testing/vault-world.js';

const algorithms = ['RSA-OAEP', 'RSA-OAEP-256', 'RSA1_5'] as const;

/** Every reply is walked for private JWK members: no reply may ever carry key material. */
function assertNoPrivateParts(value: unknown, path = 'reply'): void {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return;
  for (const [k, v] of Object.entries(value)) {
    expect(['d', 'p', 'q', 'dp', 'dq', 'qi', 'privateKeyDer', 'sealed'], `${path}.${k}`).not.toContain(k);
    assertNoPrivateParts(v, `${path}.${k}`);
  }
}

describe('keys and crypto over NATS with real tokens', () => {
  let t: KeyvaultUnderTest;
  let admin: Principal;
  let vault: string;

  beforeAll(async () => {
    t = await startKeyvault();
    const world = await tenantWorld(t.entra, 'contoso');
    admin = await world.principal('admin');
    vault = 'kv-crypto';
    await t.keyvault().createVault({
      name: vault,
      tenantId: world.tenant.tenantId,
      location: 'eastus',
      enablePurgeProtection: true,
    });
    await t.keyvault().assignRole({ vault, principalId: admin.principalId, role: 'Key Vault Administrator' });
  }, 60_000);

  afterAll(() => t?.dispose());

  it.each([2048, 3072, 4096] as const)(
    'wraps and unwraps a 256-bit key with every algorithm on RSA-%i',
    async (size) => {
      const kv = t.keyvault();
      const authorization = await admin.bearer();
      // Generating an RSA-4096 key can take several seconds of one core on a busy CI machine.
      const created = await kv.createKey(
        { vault, authorization, name: `rsa${size}`, kty: 'RSA', key_size: size },
        { timeoutMs: 60_000 },
      );
      assertNoPrivateParts(created);
      expect(created.key.kid).toMatch(
        new RegExp(`^https://${vault}\\.vault\\.azure\\.net/keys/rsa${size}/[0-9a-f]{32}$`),
      );
      expect(Buffer.from(created.key.n!, 'base64url').length).toBe(size / 8);
      for (const alg of algorithms) {
        const cek = randomBytes(32);
        const wrapped = await kv.wrapKey({ vault, authorization, name: `rsa${size}`, alg, value: cek });
        expect(wrapped.kid).toBe(created.key.kid);
        expect(wrapped.value.length).toBe(size / 8);
        const unwrapped = await kv.unwrapKey({
          vault,
          authorization,
          name: `rsa${size}`,
          alg,
          value: wrapped.value,
        });
        expect(Buffer.from(unwrapped.value)).toEqual(cek);
      }
    },
    60_000,
  );

  it('encrypts, decrypts, signs and verifies; EC keys sign but refuse RSA algorithms', async () => {
    const kv = t.keyvault();
    const authorization = await admin.bearer();
    await kv.createKey({ vault, authorization, name: 'multi', kty: 'RSA' });
    const secret = Buffer.from('a small secret');
    const encrypted = await kv.encrypt({
      vault,
      authorization,
      name: 'multi',
      alg: 'RSA-OAEP-256',
      value: secret,
    });
    expect(
      Buffer.from(
        (
          await kv.decrypt({
            vault,
            authorization,
            name: 'multi',
            alg: 'RSA-OAEP-256',
            value: encrypted.value,
          })
        ).value,
      ),
    ).toEqual(secret);
    const digest = randomBytes(32);
    const signature = await kv.sign({ vault, authorization, name: 'multi', alg: 'RS256', value: digest });
    expect(
      (await kv.verify({ vault, authorization, name: 'multi', alg: 'RS256', digest, value: signature.value }))
        .value,
    ).toBe(true);
    expect(
      (
        await kv.verify({
          vault,
          authorization,
          name: 'multi',
          alg: 'RS256',
          digest: randomBytes(32),
          value: signature.value,
        })
      ).value,
    ).toBe(false);

    const ec = await kv.createKey({ vault, authorization, name: 'ec', kty: 'EC', crv: 'P-256' });
    expect(ec.key).toMatchObject({ kty: 'EC', crv: 'P-256', key_ops: ['sign', 'verify'] });
    const ecSig = await kv.sign({ vault, authorization, name: 'ec', alg: 'ES256', value: digest });
    expect(
      (await kv.verify({ vault, authorization, name: 'ec', alg: 'ES256', digest, value: ecSig.value })).value,
    ).toBe(true);
    await kv.updateKey({ vault, authorization, name: 'ec', key_ops: ['sign', 'verify', 'wrapKey'] });
    await expect(
      kv.wrapKey({ vault, authorization, name: 'ec', alg: 'RSA-OAEP', value: randomBytes(32) }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'BadParameter',
    });
  });

  it('answers bad crypto input with a clean 400: oversized plaintext, garbage ciphertext', async () => {
    const kv = t.keyvault();
    const authorization = await admin.bearer();
    await expect(
      kv.wrapKey({ vault, authorization, name: 'rsa2048', alg: 'RSA-OAEP-256', value: randomBytes(191) }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'BadParameter',
    });
    await expect(
      kv.unwrapKey({ vault, authorization, name: 'rsa2048', alg: 'RSA-OAEP', value: randomBytes(256) }),
    ).rejects.toMatchObject({
      status: 400,
    });
    await expect(
      kv.call('unwrapKey', { vault, authorization, name: 'rsa2048', alg: 'RSA-OAEP', value: 'not bytes' }),
    ).rejects.toMatchObject({
      status: 400,
      message: /value: must be bytes/,
    });
    await expect(
      kv.call('unwrapKey', { vault, authorization, name: 'rsa2048', alg: 'A256KW', value: randomBytes(40) }),
    ).rejects.toMatchObject({
      status: 400,
      message: /alg/,
    });
  });

  it('uses a named version, and keeps old versions usable after a new one is created', async () => {
    const kv = t.keyvault();
    const authorization = await admin.bearer();
    const v1 = await kv.createKey({ vault, authorization, name: 'versioned', kty: 'RSA' });
    const wrapped = await kv.wrapKey({
      vault,
      authorization,
      name: 'versioned',
      alg: 'RSA-OAEP-256',
      value: randomBytes(32),
    });
    const v2 = await kv.createKey({ vault, authorization, name: 'versioned', kty: 'RSA' });
    expect(v2.key.kid).not.toBe(v1.key.kid);
    const version1 = v1.key.kid.split('/').at(-1)!;
    await expect(
      kv.unwrapKey({
        vault,
        authorization,
        name: 'versioned',
        version: version1,
        alg: 'RSA-OAEP-256',
        value: wrapped.value,
      }),
    ).resolves.toMatchObject({
      kid: v1.key.kid,
    });
    expect((await kv.listKeyVersions({ vault, authorization, name: 'versioned' })).value).toHaveLength(2);
    expect((await kv.getKey({ vault, authorization, name: 'versioned' })).key.kid).toBe(v2.key.kid);
  });
});
