import { describe, expect, it } from 'vitest';
import { cmkSetup } from '../../testing/cmk-setup.js';
import { useFaultWorld } from '../../testing/use-fault-world.js';

const tokenFailure = /^KeyVaultAccessTokenCannotBeAcquired\//;

describe('identity faults, through real entra, key vault and storage processes', () => {
  const w = useFaultWorld();

  it('identity-delete: tokens fail; undo re-creates it (a new principal), re-attaches and re-grants it', async () => {
    const s = await cmkSetup(w, 'uami');
    const uami = s.uami!;
    const fault = await w.chaos.inject({ kind: 'identity-delete', target: { identity: uami.id } });
    expect(fault.effect).toMatch(/attached to [a-z0-9]+: tokens for it fail.*re-grants the new principal/);
    await expect(w.entra.getUserAssignedIdentity({ id: uami.id })).rejects.toMatchObject({ status: 404 });
    await w.expireCaches();
    expect(await s.read()).toMatch(tokenFailure);

    await w.chaos.clear({ faultId: fault.faultId });
    const back = await w.entra.getUserAssignedIdentity({ id: uami.id });
    expect(back.principalId).not.toBe(uami.principalId);
    const account = await w.storage.getAccount({ name: s.account });
    expect(Object.values(account.identity.userAssignedIdentities!)[0]!.principalId).toBe(back.principalId);
    expect(await s.rolesOf(back.principalId)).toEqual(['Key Vault Crypto Service Encryption User']);
    expect(await s.read()).toBe('ok');
  });

  it('identity-delete with regrant false brings the identity back without access, as Azure would', async () => {
    const s = await cmkSetup(w, 'nogrant');
    const fault = await w.chaos.inject({
      kind: 'identity-delete',
      target: { identity: s.uami!.id },
      params: { regrant: false },
    });
    expect(fault.effect).toMatch(/undo does not re-grant/);
    await w.chaos.clear({ faultId: fault.faultId });
    const back = await w.entra.getUserAssignedIdentity({ id: s.uami!.id });
    expect(await s.rolesOf(back.principalId)).toEqual([]);
    await w.expireCaches();
    expect(await s.read()).toBe('KeyVaultEncryptionKeyNotFound/ForbiddenByRbac');
  });

  it('identity-delete of a federated identity: undo points the federated credential at the new principal', async () => {
    const s = await cmkSetup(w, 'fedid', { identity: 'federated' });
    const appId = s.app!.appId;
    const fault = await w.chaos.inject({ kind: 'identity-delete', target: { identity: s.uami!.id } });
    expect(fault.effect).toMatch(
      /1 federated credential\(s\) trusted it and are pointed at the new principal/,
    );
    await w.expireCaches();
    expect(await s.read()).toMatch(tokenFailure);

    await w.chaos.clear({ faultId: fault.faultId });
    const back = await w.entra.getUserAssignedIdentity({ id: s.uami!.id });
    const [credential] = (await w.entra.listFederatedCredentials({ appId })).credentials;
    expect(credential).toMatchObject({ name: 'fic1', subject: back.principalId });
    expect(await s.read()).toBe('ok');
  });

  it("system-identity-disable: the account loses its key; undo enables a new principal with the old one's access", async () => {
    const s = await cmkSetup(w, 'sami', { identity: 'system' });
    const old = (await w.storage.getAccount({ name: s.account })).identity.principalId!;
    const fault = await w.chaos.inject({ kind: 'system-identity-disable', target: { account: s.account } });
    expect(fault.effect).toMatch(/reaches its key with it/);
    expect((await w.storage.getAccount({ name: s.account })).identity.type).toBe('None');
    await w.expireCaches();
    expect(await s.read()).toMatch(tokenFailure);

    await w.chaos.clear({ faultId: fault.faultId });
    const identity = (await w.storage.getAccount({ name: s.account })).identity;
    expect(identity.type).toBe('SystemAssigned');
    expect(identity.principalId).not.toBe(old);
    expect(await s.rolesOf(identity.principalId!)).toEqual(['Key Vault Crypto Service Encryption User']);
    expect(await s.read()).toBe('ok');
  });

  it('federated-credential-remove breaks the cross-tenant exchange; undo adds the same credential again', async () => {
    const s = await cmkSetup(w, 'fic', { identity: 'federated' });
    const appId = s.app!.appId;
    const [before] = (await w.entra.listFederatedCredentials({ appId })).credentials;
    await expect(
      w.chaos.inject({
        kind: 'federated-credential-remove',
        target: { app: appId },
        params: { name: 'nope' },
      }),
    ).rejects.toMatchObject({
      status: 400,
      message: /params\.name: .* has no federated credential 'nope' \(it has: fic1\)/,
    });
    const fault = await w.chaos.inject({ kind: 'federated-credential-remove', target: { app: appId } });
    expect((await w.entra.listFederatedCredentials({ appId })).credentials).toEqual([]);
    await w.expireCaches();
    expect(await s.read()).toBe('KeyVaultAccessTokenCannotBeAcquired/AADSTS70021');

    await w.chaos.clear({ faultId: fault.faultId });
    const [after] = (await w.entra.listFederatedCredentials({ appId })).credentials;
    expect({ ...after, id: before!.id }).toEqual(before);
    expect(await s.read()).toBe('ok');
  });

  it('service-principal-remove breaks the customer tenant; undo re-creates it with its vault access', async () => {
    const s = await cmkSetup(w, 'sp', { identity: 'federated' });
    const ref = { appId: s.app!.appId, tenantId: s.vaultTenant.tenantId };
    await expect(
      w.chaos.inject({ kind: 'service-principal-remove', target: { app: s.app!.appId } }),
    ).rejects.toMatchObject({ status: 400, message: 'service-principal-remove: target.tenant is required' });
    const fault = await w.chaos.inject({
      kind: 'service-principal-remove',
      target: { app: ref.appId, tenant: ref.tenantId },
    });
    await expect(w.entra.getServicePrincipal(ref)).rejects.toMatchObject({ status: 404 });
    await w.expireCaches();
    expect(await s.read()).toBe('KeyVaultAccessTokenCannotBeAcquired/AADSTS700016');

    await w.chaos.clear({ faultId: fault.faultId });
    const sp = await w.entra.getServicePrincipal(ref);
    expect(sp.objectId).not.toBe(s.servicePrincipal!.objectId);
    expect(await s.rolesOf(sp.objectId)).toEqual(['Key Vault Crypto Service Encryption User']);
    expect(await s.read()).toBe('ok');
  });

  it('subscription-move leaves the managed identities behind; undo moves it back and drops the scratch tenant', async () => {
    const s = await cmkSetup(w, 'move');
    const subscriptionId = s.subscription.subscriptionId;
    await expect(
      w.chaos.inject({
        kind: 'subscription-move',
        target: { subscription: subscriptionId },
        params: { toTenant: s.tenant.tenantId },
      }),
    ).rejects.toMatchObject({ status: 400, message: /params\.toTenant: .* in that tenant already/ });
    const fault = await w.chaos.inject({
      kind: 'subscription-move',
      target: { subscription: subscriptionId },
    });
    const moved = await w.entra.getSubscription({ subscriptionId });
    expect(moved.tenantId).not.toBe(s.tenant.tenantId);
    expect(fault.effect).toContain(`to a new tenant ${moved.tenantId}`);
    await w.expireCaches();
    expect(await s.read()).toMatch(tokenFailure);

    await w.chaos.clear({ faultId: fault.faultId });
    expect((await w.entra.getSubscription({ subscriptionId })).tenantId).toBe(s.tenant.tenantId);
    await expect(w.entra.getTenant({ tenantId: moved.tenantId })).rejects.toMatchObject({ status: 404 });
    expect(await s.read()).toBe('ok');
  });
});
