import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyvaultUnderTest, startKeyvault } from '../testing/start-keyvault.js';
import { type Principal, tenantWorld } from '../testing/vault-world.js';

const trusted = { ip: '10.1.0.1', trustedService: true };
const internet = { ip: '203.0.113.50', trustedService: false };
const cek = () => randomBytes(32);

describe("Key Vault's checks, in Key Vault's order, with real tokens", () => {
  let t: KeyvaultUnderTest;
  let admin: Principal;
  let storage: Principal;
  let stranger: Principal;
  let outsider: Principal;
  let tenantId: string;

  beforeAll(async () => {
    t = await startKeyvault();
    const world = await tenantWorld(t.entra, 'contoso');
    tenantId = world.tenant.tenantId;
    admin = await world.principal('admin');
    storage = await world.principal('storage');
    stranger = await world.principal('stranger');
    outsider = await (await tenantWorld(t.entra, 'fabrikam')).principal('outsider');
    const kv = t.keyvault();
    await kv.createVault({ name: 'kv-rbac', tenantId, location: 'eastus' });
    await kv.assignRole({
      vault: 'kv-rbac',
      principalId: admin.principalId,
      role: 'Key Vault Administrator',
    });
    await kv.assignRole({
      vault: 'kv-rbac',
      principalId: storage.principalId,
      role: 'Key Vault Crypto Service Encryption User',
    });
    await kv.createKey({ vault: 'kv-rbac', authorization: await admin.bearer(), name: 'cmk', kty: 'RSA' });
  }, 60_000);

  afterAll(() => t?.dispose());

  it('401 AKV10000 without a token, AKV10022 for another audience, AKV10032 for another tenant', async () => {
    const kv = t.keyvault();
    const missing = await kv.getKey({ vault: 'kv-rbac', name: 'cmk' }).catch((e: unknown) => e);
    expect(missing).toMatchObject({
      status: 401,
      code: 'Unauthorized',
      message: 'AKV10000: Request is missing a Bearer or PoP token.',
    });
    expect((missing as { details: { wwwAuthenticate: string } }).details.wwwAuthenticate).toBe(
      `Bearer authorization="https://login.windows.net/${tenantId}", resource="https://vault.azure.net"`,
    );
    await expect(
      kv.getKey({
        vault: 'kv-rbac',
        name: 'cmk',
        authorization: await admin.bearer('https://storage.azure.com'),
      }),
    ).rejects.toMatchObject({
      status: 401,
      message:
        'AKV10022: Invalid audience. Expected https://vault.azure.net, found: https://storage.azure.com.',
    });
    await expect(
      kv.getKey({ vault: 'kv-rbac', name: 'cmk', authorization: await outsider.bearer() }),
    ).rejects.toMatchObject({
      status: 401,
      message: expect.stringMatching(
        /^AKV10032: Invalid issuer\. Expected one of https:\/\/sts\.windows\.net\//,
      ),
    });
    const token = await admin.bearer();
    await expect(
      kv.getKey({ vault: 'kv-rbac', name: 'cmk', authorization: `${token.slice(0, -8)}AAAAAAAA` }),
    ).rejects.toMatchObject({
      status: 401,
      message: /signature/,
    });
  });

  it('lets the encryption-user role get, wrap and unwrap, and nothing else (403 ForbiddenByRbac)', async () => {
    const kv = t.keyvault(trusted);
    const authorization = await storage.bearer();
    await expect(kv.getKey({ vault: 'kv-rbac', authorization, name: 'cmk' })).resolves.toBeDefined();
    const wrapped = await kv.wrapKey({
      vault: 'kv-rbac',
      authorization,
      name: 'cmk',
      alg: 'RSA-OAEP',
      value: cek(),
    });
    await expect(
      kv.unwrapKey({ vault: 'kv-rbac', authorization, name: 'cmk', alg: 'RSA-OAEP', value: wrapped.value }),
    ).resolves.toBeDefined();
    const denied = await kv
      .deleteKey({ vault: 'kv-rbac', authorization, name: 'cmk' })
      .catch((e: unknown) => e);
    expect(denied).toMatchObject({ status: 403, code: 'Forbidden', innerCode: 'ForbiddenByRbac' });
    expect((denied as Error).message).toMatch(
      /^Caller is not authorized to perform action on resource\.\r\n/,
    );
    expect((denied as Error).message).toMatch(/Action: 'Microsoft\.KeyVault\/vaults\/keys\/delete'/);
    const strangerDenied = kv.unwrapKey({
      vault: 'kv-rbac',
      authorization: await stranger.bearer(),
      name: 'cmk',
      alg: 'RSA-OAEP',
      value: wrapped.value,
    });
    await expect(strangerDenied).rejects.toMatchObject({
      innerCode: 'ForbiddenByRbac',
      message: /keys\/unwrap\/action/,
    });
  });

  it('honours a key-scope assignment for that key only, and a propagation delay on the testbed clock', async () => {
    const slow = await startKeyvault({ CMK_KEYVAULT_RBAC_PROPAGATION: 'PT10M' });
    try {
      const world = await tenantWorld(slow.entra, 'slow');
      const boss = await world.principal('boss');
      const user = await world.principal('user');
      const kv = slow.keyvault();
      await kv.createVault({ name: 'kv-slow', tenantId: world.tenant.tenantId, location: 'eastus' });
      await kv.assignRole({
        vault: 'kv-slow',
        principalId: boss.principalId,
        role: 'Key Vault Crypto Officer',
      });
      await slow.advance(11 * 60_000);
      await kv.createKey({ vault: 'kv-slow', authorization: await boss.bearer(), name: 'k1', kty: 'RSA' });
      await kv.createKey({ vault: 'kv-slow', authorization: await boss.bearer(), name: 'k2', kty: 'RSA' });
      await kv.assignRole({
        vault: 'kv-slow',
        principalId: user.principalId,
        role: 'Key Vault Crypto User',
        key: 'k1',
      });
      const wrap = async (name: string) =>
        kv.wrapKey({
          vault: 'kv-slow',
          authorization: await user.bearer(),
          name,
          alg: 'RSA-OAEP-256',
          value: cek(),
        });
      await expect(wrap('k1')).rejects.toMatchObject({ innerCode: 'ForbiddenByRbac' });
      await slow.advance(11 * 60_000);
      await expect(wrap('k1')).resolves.toBeDefined();
      await expect(wrap('k2')).rejects.toMatchObject({ innerCode: 'ForbiddenByRbac' });
    } finally {
      await slow.dispose();
    }
  }, 60_000);

  it('checks access policies on an access-policy vault (403 ForbiddenByPolicy naming the permission)', async () => {
    const kv = t.keyvault();
    await kv.createVault({
      name: 'kv-policy',
      tenantId,
      location: 'eastus',
      enableRbacAuthorization: false,
      accessPolicies: [{ tenantId, objectId: admin.principalId, permissions: { keys: ['all'] } }],
    });
    await kv.createKey({ vault: 'kv-policy', authorization: await admin.bearer(), name: 'cmk', kty: 'RSA' });
    await kv.setAccessPolicy({
      vault: 'kv-policy',
      policy: { tenantId, objectId: storage.principalId, permissions: { keys: ['get', 'wrapKey'] } },
    });
    const authorization = await storage.bearer();
    const wrapped = await kv.wrapKey({
      vault: 'kv-policy',
      authorization,
      name: 'cmk',
      alg: 'RSA-OAEP',
      value: cek(),
    });
    await expect(
      kv.unwrapKey({ vault: 'kv-policy', authorization, name: 'cmk', alg: 'RSA-OAEP', value: wrapped.value }),
    ).rejects.toMatchObject({
      status: 403,
      innerCode: 'ForbiddenByPolicy',
      message: expect.stringMatching(
        /does not have keys unwrapKey permission on key vault 'kv-policy;location=eastus'/,
      ),
    });
    await kv.setAccessPolicy({
      vault: 'kv-policy',
      policy: {
        tenantId,
        objectId: storage.principalId,
        permissions: { keys: ['get', 'wrapKey', 'unwrapKey'] },
      },
    });
    await expect(
      kv.unwrapKey({ vault: 'kv-policy', authorization, name: 'cmk', alg: 'RSA-OAEP', value: wrapped.value }),
    ).resolves.toBeDefined();
  });

  it('enforces the firewall before permissions: IP rules, the trusted-service bypass, public access disabled', async () => {
    const kv = t.keyvault();
    await kv.updateVault({
      name: 'kv-rbac',
      networkAcls: {
        defaultAction: 'Deny',
        bypass: 'AzureServices',
        ipRules: [{ value: '203.0.113.0/24' }],
        virtualNetworkRules: [],
      },
    });
    try {
      const authorization = await storage.bearer();
      const get = (origin: { ip: string; trustedService: boolean }) =>
        t.keyvault(origin).getKey({ vault: 'kv-rbac', authorization, name: 'cmk' });
      await expect(get(internet)).resolves.toBeDefined();
      await expect(get({ ip: '198.51.100.7', trustedService: false })).rejects.toMatchObject({
        status: 403,
        innerCode: 'ForbiddenByFirewall',
        message:
          'Client address is not authorized and caller is not a trusted service.\r\nClient address: 198.51.100.7\r\nVault: kv-rbac;location=eastus',
      });
      await expect(get({ ip: '198.51.100.7', trustedService: true })).resolves.toBeDefined();
      // The firewall comes before permissions: a stranger outside the rules is refused by the firewall.
      await expect(
        t
          .keyvault({ ip: '198.51.100.7', trustedService: false })
          .getKey({ vault: 'kv-rbac', authorization: await stranger.bearer(), name: 'cmk' }),
      ).rejects.toMatchObject({
        innerCode: 'ForbiddenByFirewall',
      });
      await kv.updateVault({ name: 'kv-rbac', publicNetworkAccess: 'Disabled' });
      await expect(get(internet)).rejects.toMatchObject({
        innerCode: 'ForbiddenByFirewall',
        message: /^Public network access is disabled/,
      });
      await expect(get(trusted)).resolves.toBeDefined();
      await kv.updateVault({
        name: 'kv-rbac',
        networkAcls: { defaultAction: 'Deny', bypass: 'None', ipRules: [], virtualNetworkRules: [] },
      });
      await expect(get(trusted)).rejects.toMatchObject({ innerCode: 'ForbiddenByFirewall' });
    } finally {
      await kv.updateVault({
        name: 'kv-rbac',
        publicNetworkAccess: 'Enabled',
        networkAcls: {
          defaultAction: 'Allow',
          bypass: 'AzureServices',
          ipRules: [],
          virtualNetworkRules: [],
        },
      });
    }
  });

  it('refuses a disabled key (403 KeyDisabled), a missing one (404 KeyNotFound), and ops outside key_ops', async () => {
    const kv = t.keyvault();
    const authorization = await admin.bearer();
    await kv.createKey({ vault: 'kv-rbac', authorization, name: 'state', kty: 'RSA' });
    const wrapped = await kv.wrapKey({
      vault: 'kv-rbac',
      authorization,
      name: 'state',
      alg: 'RSA-OAEP',
      value: cek(),
    });
    await kv.updateKey({ vault: 'kv-rbac', authorization, name: 'state', attributes: { enabled: false } });
    await expect(
      kv.unwrapKey({ vault: 'kv-rbac', authorization, name: 'state', alg: 'RSA-OAEP', value: wrapped.value }),
    ).rejects.toMatchObject({
      status: 403,
      code: 'Forbidden',
      innerCode: 'KeyDisabled',
      message: 'Operation unwrapKey is not allowed on a disabled key.',
    });
    await kv.updateKey({
      vault: 'kv-rbac',
      authorization,
      name: 'state',
      attributes: { enabled: true },
      key_ops: ['wrapKey'],
    });
    await expect(
      kv.unwrapKey({ vault: 'kv-rbac', authorization, name: 'state', alg: 'RSA-OAEP', value: wrapped.value }),
    ).rejects.toMatchObject({
      innerCode: 'ForbiddenByPolicy',
      message: /^Operation is not allowed\.\r\nOperation: "unwrapKey"/,
    });
    await expect(kv.getKey({ vault: 'kv-rbac', authorization, name: 'nope' })).rejects.toMatchObject({
      status: 404,
      code: 'KeyNotFound',
      message: /^A key with \(name\/id\) nope was not found in this key vault\./,
    });
  });

  it('refuses wrap but allows unwrap on an expired key (expiry does not revoke)', async () => {
    const kv = t.keyvault();
    const authorization = await admin.bearer();
    const exp = Math.floor(t.runtime.clock.now() / 1000) + 3600;
    await kv.createKey({
      vault: 'kv-rbac',
      authorization,
      name: 'expiring',
      kty: 'RSA',
      attributes: { exp },
    });
    const wrapped = await kv.wrapKey({
      vault: 'kv-rbac',
      authorization,
      name: 'expiring',
      alg: 'RSA-OAEP-256',
      value: cek(),
    });
    await t.advance(2 * 3_600_000);
    const fresh = await admin.bearer();
    await expect(
      kv.wrapKey({
        vault: 'kv-rbac',
        authorization: fresh,
        name: 'expiring',
        alg: 'RSA-OAEP-256',
        value: cek(),
      }),
    ).rejects.toMatchObject({
      status: 403,
      innerCode: 'KeyExpired',
    });
    await expect(
      kv.unwrapKey({
        vault: 'kv-rbac',
        authorization: fresh,
        name: 'expiring',
        alg: 'RSA-OAEP-256',
        value: wrapped.value,
      }),
    ).resolves.toBeDefined();
    // exp: null removes the expiry again; nothing else of the key changes.
    const renewed = await kv.updateKey({
      vault: 'kv-rbac',
      authorization: fresh,
      name: 'expiring',
      attributes: { exp: null },
    });
    expect(renewed.attributes.exp).toBeUndefined();
    expect(renewed.attributes.enabled).toBe(true);
    await expect(
      kv.wrapKey({
        vault: 'kv-rbac',
        authorization: fresh,
        name: 'expiring',
        alg: 'RSA-OAEP-256',
        value: cek(),
      }),
    ).resolves.toBeDefined();
  });
});
