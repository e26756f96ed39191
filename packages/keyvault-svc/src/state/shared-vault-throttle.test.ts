import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { keyvaultContract } from '@cmk-testbed/shared';
import { type SpawnedService, startPeers } from '@cmk-testbed/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyvaultUnderTest, startKeyvault } from '../testing/start-keyvault.js';
import { type Principal, tenantWorld } from '../testing/vault-world.js';

const keyvaultMain = fileURLToPath(new URL('../main.ts', import.meta.url));

/** Moves the testbed clock to just past the start of the next 10-second throttling window. */
async function startFreshWindow(t: KeyvaultUnderTest): Promise<void> {
  await t.advance(10_000 - (t.runtime.clock.now() % 10_000) + 50);
}

const outcome = (call: Promise<unknown>) =>
  call.then(
    () => 'ok',
    (e: { code: string }) => e.code,
  );

describe("a vault's throttling budget, shared by the region's replicas", () => {
  let t: KeyvaultUnderTest;
  let second: SpawnedService | undefined;
  let admin: Principal;
  let tenantId: string;

  beforeAll(async () => {
    // Azure's table times 0.005: 20 units of "other" transactions per vault per 10 s.
    t = await startKeyvault({ CMK_KEYVAULT_THROTTLE_SCALE: '0.005' });
    [second] = await startPeers(t.server.url, [
      {
        mainTs: keyvaultMain,
        serviceName: keyvaultContract.serviceName,
        instance: 'keyvault-eastus-2',
        env: { CMK_REGION: 'eastus', CMK_KEYVAULT_THROTTLE_SCALE: '0.005' },
      },
    ]);
    const world = await tenantWorld(t.entra, 'busy');
    tenantId = world.tenant.tenantId;
    admin = await world.principal('admin');
  }, 60_000);

  afterAll(async () => {
    await second?.[Symbol.asyncDispose]();
    await t?.dispose();
  });

  it('admits Azure’s number of transactions per window across two replicas, not twice it', async () => {
    const kv = t.keyvault();
    await kv.createVault({ name: 'kv-shared-budget', tenantId, location: 'eastus' });
    await kv.assignRole({
      vault: 'kv-shared-budget',
      principalId: admin.principalId,
      role: 'Key Vault Administrator',
    });
    const authorization = await admin.bearer();
    await kv.createKey({ vault: 'kv-shared-budget', authorization, name: 'cmk', kty: 'RSA' });
    await startFreshWindow(t);
    // 60 calls spread by the queue group over both replicas (all on one replica: odds 2^-59).
    const outcomes: string[] = [];
    for (let i = 0; i < 60; i++) {
      outcomes.push(await outcome(kv.getKey({ vault: 'kv-shared-budget', authorization, name: 'cmk' })));
    }
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(20);
    expect(outcomes.filter((o) => o === 'Throttled')).toHaveLength(40);
  });
});

describe('throttling of HSM keys’ creates, with limits scaled to 0.2 (4 create units per 10 s)', () => {
  let t: KeyvaultUnderTest;
  let admin: Principal;

  beforeAll(async () => {
    t = await startKeyvault({ CMK_KEYVAULT_THROTTLE_SCALE: '0.2' });
    const world = await tenantWorld(t.entra, 'hsm');
    admin = await world.principal('admin');
    await t.keyvault().createVault({
      name: 'kv-hsm-budget',
      tenantId: world.tenant.tenantId,
      location: 'eastus',
      sku: 'premium',
    });
    await t.keyvault().assignRole({
      vault: 'kv-hsm-budget',
      principalId: admin.principalId,
      role: 'Key Vault Administrator',
    });
  }, 60_000);

  afterAll(() => t?.dispose());

  it('charges an HSM key’s rotation as an HSM create: two per window where software gets four', async () => {
    const kv = t.keyvault();
    const authorization = await admin.bearer();
    await kv.createKey({ vault: 'kv-hsm-budget', authorization, name: 'hsm', kty: 'RSA-HSM' });
    await startFreshWindow(t);
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) {
      outcomes.push(await outcome(kv.rotateKey({ vault: 'kv-hsm-budget', authorization, name: 'hsm' })));
    }
    expect(outcomes).toEqual(['ok', 'ok', 'Throttled']);
  });

  it('charges an HSM import as an HSM create, and a software import as a software one', async () => {
    const kv = t.keyvault();
    const authorization = await admin.bearer();
    const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    const importAs = (name: string, hsm: boolean) =>
      outcome(
        kv.importKey({ vault: 'kv-hsm-budget', authorization, name, hsm, key: { ...jwk, kty: 'RSA' } }),
      );
    await startFreshWindow(t);
    const hsm: string[] = [];
    for (let i = 0; i < 3; i++) hsm.push(await importAs(`imported-hsm-${i}`, true));
    expect(hsm).toEqual(['ok', 'ok', 'Throttled']);
    await startFreshWindow(t);
    const software: string[] = [];
    for (let i = 0; i < 5; i++) software.push(await importAs(`imported-${i}`, false));
    expect(software).toEqual(['ok', 'ok', 'ok', 'ok', 'Throttled']);
  });
});
