import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmkAccount } from '../testing/cmk-account.js';
import { cmkWorld } from '../testing/cmk-world.js';
import { type StorageUnderTest, startStorage } from '../testing/start-storage.js';

/** The object id (`oid` claim) of a bearer token's principal. */
function oidOf(authorization: string): string {
  const payload = authorization.replace(/^Bearer /, '').split('.')[1]!;
  return (JSON.parse(Buffer.from(payload, 'base64url').toString()) as { oid: string }).oid;
}

describe('CMK configuration is validated like Azure before it is accepted', () => {
  let t: StorageUnderTest;
  let world: Awaited<ReturnType<typeof cmkWorld>>;

  beforeAll(async () => {
    t = await startStorage();
    world = await cmkWorld(t.entra, t.keyvault, 'cmkval');
  }, 90_000);

  afterAll(() => t?.dispose());

  /** A CMK account on the world's key holding one blob, `data/b`; its createAccount reply. */
  const accountWithBlob = async (name: string, body: string) => {
    const created = await t.storage.createAccount(cmkAccount(world, name));
    await t.storage.createContainer({ account: name, container: 'data' });
    await t.storage.putBlob({ account: name, container: 'data', blob: 'b', body });
    return created;
  };

  const readBack = async (account: string) =>
    Buffer.from((await t.storage.getBlob({ account, container: 'data', blob: 'b' })).body).toString();

  it('refuses an EC key under profile current and creates no account', async () => {
    await t.keyvault.createKey({
      vault: world.vault,
      authorization: await world.admin(),
      name: 'eckey',
      kty: 'EC',
      crv: 'P-256',
    });
    await expect(
      t.storage.createAccount(cmkAccount(world, 'eckeyacct', { keyname: 'eckey' })),
    ).rejects.toMatchObject({
      status: 400,
      code: 'KeyVaultValidationFailed',
      message: /the key must be RSA or RSA-HSM of 2048, 3072 or 4096 bits; 'eckey' is EC/,
    });
    await expect(t.storage.getAccount({ name: 'eckeyacct' })).rejects.toMatchObject({ status: 404 });
  });

  it('accepts every RSA size Azure allows under profile current', async () => {
    for (const size of [3072, 4096] as const) {
      // Generating a 3072- or 4096-bit key pair takes seconds on a busy machine (only 2048 is pre-generated).
      await t.keyvault.createKey(
        {
          vault: world.vault,
          authorization: await world.admin(),
          name: `rsa${size}`,
          kty: 'RSA',
          key_size: size,
        },
        { timeoutMs: 30_000 },
      );
      await expect(
        t.storage.createAccount(cmkAccount(world, `rsa${size}acct`, { keyname: `rsa${size}` })),
      ).resolves.toMatchObject({
        properties: { encryption: { keySource: 'Microsoft.Keyvault' } },
      });
    }
  }, 90_000);

  it('refuses CMK at account creation without a user-assigned identity', async () => {
    const request = cmkAccount(world, 'nouami');
    request.identity = { type: 'SystemAssigned' };
    delete request.properties!.encryption!.identity;
    await expect(t.storage.createAccount(request)).rejects.toMatchObject({
      status: 400,
      code: 'InvalidRequestPropertyValue',
      message: /customer-managed keys at account creation require a user-assigned identity/,
    });
    await expect(t.storage.getAccount({ name: 'nouami' })).rejects.toMatchObject({ status: 404 });
  });

  it('refuses a key the identity can get but not wrap, leaving the previous configuration and data intact', async () => {
    // An access-policy vault where the account's identity has get and unwrapKey, but no wrapKey.
    const adminOid = oidOf(await world.admin());
    const vault = 'cmkval-policy-kv';
    await t.keyvault.createVault({
      name: vault,
      tenantId: world.tenant.tenantId,
      location: 'eastus',
      enablePurgeProtection: true,
      enableRbacAuthorization: false,
      accessPolicies: [
        { tenantId: world.tenant.tenantId, objectId: adminOid, permissions: { keys: ['all'] } },
        {
          tenantId: world.tenant.tenantId,
          objectId: world.uami.principalId,
          permissions: { keys: ['get', 'unwrapKey'] },
        },
      ],
    });
    await t.keyvault.createKey({ vault, authorization: await world.admin(), name: 'nowrap', kty: 'RSA' });

    const before = await accountWithBlob('nowrapacct', 'still here');

    const refused = await t.storage
      .updateAccount({
        name: 'nowrapacct',
        properties: {
          encryption: {
            keySource: 'Microsoft.Keyvault',
            keyvaultproperties: { keyvaulturi: `https://${vault}.vault.azure.net`, keyname: 'nowrap' },
            identity: { userAssignedIdentity: world.uami.id },
          },
        },
      })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      status: 400,
      code: 'KeyVaultValidationFailed',
      message: /wrapKey permission is required/,
      azureCause: { status: 403, innerCode: 'ForbiddenByPolicy' },
    });
    const after = await t.storage.getAccount({ name: 'nowrapacct' });
    expect(after.properties.encryption).toEqual(before.properties.encryption);
    expect(await readBack('nowrapacct')).toBe('still here');
  });

  it('leaves the identity in Entra as it was when a refused update also changed the identity', async () => {
    await accountWithBlob('swapids', 'kept');
    // A second identity with no role on the vault: moving the account to it must fail validation.
    const stranger = await t.entra.createUserAssignedIdentity({
      subscriptionId: world.subscription.subscriptionId,
      resourceGroup: 'rg',
      name: 'cmkval-stranger',
    });
    await expect(
      t.storage.updateAccount({
        name: 'swapids',
        identity: { type: 'UserAssigned', userAssignedIdentities: { [stranger.id]: {} } },
        properties: {
          encryption: {
            keySource: 'Microsoft.Keyvault',
            keyvaultproperties: { keyvaulturi: world.vaultUri, keyname: 'cmk' },
            identity: { userAssignedIdentity: stranger.id },
          },
        },
      }),
    ).rejects.toMatchObject({ status: 400, code: 'KeyVaultValidationFailed' });
    expect((await t.storage.getAccount({ name: 'swapids' })).identity.userAssignedIdentities).toHaveProperty(
      world.uami.id,
    );
    // Past the cached token and key: the node must get a new token for the original identity, and can.
    await t.advance(25 * 3_600_000);
    expect(await readBack('swapids')).toBe('kept');
  });

  it('gives a system-assigned identity disabled by a refused update back, and stores its new principal', async () => {
    const request = cmkAccount(world, 'restoresys');
    request.identity = {
      type: 'SystemAssigned,UserAssigned',
      userAssignedIdentities: { [world.uami.id]: {} },
    };
    const created = await t.storage.createAccount(request);
    // Dropping the system-assigned identity reaches Entra before the key (which does not exist) is refused.
    await expect(
      t.storage.updateAccount({
        name: 'restoresys',
        identity: { type: 'UserAssigned', userAssignedIdentities: { [world.uami.id]: {} } },
        properties: {
          encryption: {
            keySource: 'Microsoft.Keyvault',
            keyvaultproperties: { keyvaulturi: world.vaultUri, keyname: 'nosuchkey' },
            identity: { userAssignedIdentity: world.uami.id },
          },
        },
      }),
    ).rejects.toMatchObject({ status: 400 });
    // Entra enables it again as a new principal (its rule): the account shows that one, not the deleted one.
    const { identity } = await t.storage.getAccount({ name: 'restoresys' });
    expect(identity.type).toBe('SystemAssigned,UserAssigned');
    expect(identity.principalId).toEqual(expect.any(String));
    expect(identity.principalId).not.toBe(created.identity.principalId);
  });

  it('refuses, under profile legacy-2020, a vault in another tenant', async () => {
    const other = await cmkWorld(t.entra, t.keyvault, 'cmkval-other');
    const request = cmkAccount(world, 'legacytenant');
    request.profile = 'legacy-2020';
    request.properties!.encryption!.keyvaultproperties!.keyvaulturi = other.vaultUri;
    await expect(t.storage.createAccount(request)).rejects.toMatchObject({
      status: 400,
      code: 'KeyVaultValidationFailed',
      message: /legacy-2020: the key vault must be in the same Azure AD tenant as the account/,
    });
    await expect(t.storage.getAccount({ name: 'legacytenant' })).rejects.toMatchObject({ status: 404 });
  });
});
