import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { keyvaultContract } from '@cmk-testbed/shared';
import {
  type NatsServerHandle,
  type SpawnedService,
  startNatsServer,
  startPeers,
} from '@cmk-testbed/shared/testing';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThrottleRequest } from '../rules/index.js';
import { type KeyvaultUnderTest, startKeyvault } from '../testing/start-keyvault.js';
import { type Principal, tenantWorld } from '../testing/vault-world.js';
import { SharedVaultThrottle } from './shared-vault-throttle.js';

const keyvaultMain = fileURLToPath(new URL('../main.ts', import.meta.url));

/** Moves the testbed clock to just past the start of the next 10-second throttling window. */
async function startFreshWindow(t: KeyvaultUnderTest): Promise<void> {
  await t.advance(10_000 - (t.runtime.clock.now() % 10_000) + 50);
}

/** The start of a 10-second throttling window (a multiple of 10 s), in epoch ms. */
const w0 = 1_700_000_000_000;

function req(vault: string, partial: Partial<ThrottleRequest> = {}): ThrottleRequest {
  return { vault, category: 'other', kty: 'RSA', keySize: 2048, now: w0, ...partial };
}

/** Consumes until the first refusal; returns how many were admitted. */
async function admittedUntilRefused(
  throttle: SharedVaultThrottle,
  request: ThrottleRequest,
  max = 1000,
): Promise<number> {
  for (let count = 0; count < max; count++) {
    if (!(await throttle.tryConsume(request)).ok) return count;
  }
  return max;
}

const admitted = async (throttle: SharedVaultThrottle, request: ThrottleRequest) =>
  (await throttle.tryConsume(request)).ok;

describe('SharedVaultThrottle over a real nats-server, with the clock readings given', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  /** 40 "other" units and 0.2 create units per vault per window. */
  let throttle: SharedVaultThrottle;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    throttle = await SharedVaultThrottle.open(nc, 0.01);
  }, 30_000);

  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  it('refuses with the exact Azure 429, telling the caller to wait for the next window', async () => {
    await admittedUntilRefused(throttle, req('kv-429'));
    expect(await throttle.tryConsume(req('kv-429'))).toEqual({
      ok: false,
      retryAfterSec: 10,
      denial: {
        status: 429,
        code: 'Throttled',
        message:
          'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached',
      },
    });
  });

  it('scales every limit', async () => {
    expect(await admittedUntilRefused(throttle, req('kv-scale'))).toBe(40);
    const half = await SharedVaultThrottle.open(nc, 0.5);
    expect(await admittedUntilRefused(half, req('kv-scale-create', { category: 'create' }))).toBe(10);
  });

  it('admits Azure’s numbers at scale 1: 250 HSM RSA-4096 transactions, 20 software and 10 HSM creates', async () => {
    const azure = await SharedVaultThrottle.open(nc, 1);
    expect(await admittedUntilRefused(azure, req('kv-azure', { kty: 'RSA-HSM', keySize: 4096 }))).toBe(250);
    expect(await admittedUntilRefused(azure, req('kv-azure', { category: 'create' }))).toBe(20);
    expect(
      await admittedUntilRefused(azure, req('kv-azure-hsm', { category: 'create', kty: 'EC-HSM' })),
    ).toBe(10);
  });

  it('enforces the weighted sum across key types sharing a budget', async () => {
    const at = (partial: Partial<ThrottleRequest>) => admitted(throttle, req('kv-weighted', partial));
    for (let i = 0; i < 33; i++) expect(await at({})).toBe(true);
    expect(await at({ keySize: 4096 })).toBe(false); // 33 + 8 > 40
    expect(await at({ kty: 'EC-HSM' })).toBe(true); // 33 + 2 = 35
    expect(await at({ keySize: 3072 })).toBe(true); // 35 + 4 = 39
    expect(await at({ kty: 'EC-HSM' })).toBe(false); // 39 + 2 > 40
    expect(await at({ kty: 'EC' })).toBe(true); // 40
    expect(await at({ kty: 'EC' })).toBe(false);
  });

  it('keeps create and other budgets apart', async () => {
    expect(await admittedUntilRefused(throttle, req('kv-categories'))).toBe(40);
    expect(await admitted(throttle, req('kv-categories', { category: 'create' }))).toBe(true);
    // The create budget (0.2 units: one create, since an empty window admits one) is now spent, not "other"'s.
    expect(await admitted(throttle, req('kv-categories', { category: 'create' }))).toBe(false);
    expect(await admitted(throttle, req('kv-categories', { now: w0 + 10_000 }))).toBe(true);
  });

  it('keeps vaults apart, treating vault names case-insensitively', async () => {
    expect(await admittedUntilRefused(throttle, req('kv-case'))).toBe(40);
    expect(await admitted(throttle, req('KV-Case'))).toBe(false);
    expect(await admitted(throttle, req('kv-case-b'))).toBe(true);
    // And the other way round: a budget spent under an upper-case name is the lower-case name's.
    expect(await admittedUntilRefused(throttle, req('KV-UPPER'))).toBe(40);
    expect(await admitted(throttle, req('kv-upper'))).toBe(false);
  });

  it('frees the whole budget at the next window’s start (fixed windows, where the old sliding one freed each transaction 10 s after it)', async () => {
    for (let i = 0; i < 20; i++) expect(await admitted(throttle, req('kv-fixed', { now: w0 }))).toBe(true);
    for (let i = 0; i < 20; i++)
      expect(await admitted(throttle, req('kv-fixed', { now: w0 + 5000 }))).toBe(true);
    expect(await admitted(throttle, req('kv-fixed', { now: w0 + 9999 }))).toBe(false);
    // A sliding window would admit 20 here (the t0 ones expired, the t0+5s ones not): a fixed one admits 40.
    expect(await admittedUntilRefused(throttle, req('kv-fixed', { now: w0 + 10_000 }))).toBe(40);
    expect(await admitted(throttle, req('kv-fixed', { now: w0 + 19_999 }))).toBe(false);
    expect(await admittedUntilRefused(throttle, req('kv-fixed', { now: w0 + 20_000 }))).toBe(40);
  });

  it('does not count refused attempts', async () => {
    for (let i = 0; i < 38; i++) expect(await admitted(throttle, req('kv-refused'))).toBe(true);
    for (let i = 0; i < 100; i++) {
      expect(await admitted(throttle, req('kv-refused', { keySize: 4096, now: w0 + 5000 }))).toBe(false);
    }
    // 38 + 2 = 40: had any of the 100 refusals been charged, the window would be over its limit.
    expect(await admittedUntilRefused(throttle, req('kv-refused', { now: w0 + 9000 }))).toBe(2);
  });

  it('gives a Retry-After pointing at the next window’s start (fixed windows), admitting the request then and not before', async () => {
    await admittedUntilRefused(throttle, req('kv-retry'));
    const refused = await throttle.tryConsume(req('kv-retry', { now: w0 + 2500 }));
    expect(refused).toMatchObject({ ok: false, retryAfterSec: 8 }); // 7.5 s to the window's end, rounded up
    if (refused.ok) return;
    expect(await admitted(throttle, req('kv-retry', { now: w0 + 9999 }))).toBe(false);
    expect(await admitted(throttle, req('kv-retry', { now: w0 + 2500 + refused.retryAfterSec * 1000 }))).toBe(
      true,
    );
  });

  it('makes a heavy request refused late in a window wait for the next one, however old the window’s transactions (fixed windows: the sliding one waited only for enough old units to expire)', async () => {
    for (let i = 0; i < 10; i++) {
      expect(await admitted(throttle, req('kv-heavy', { now: w0 + i * 1000, keySize: 3072 }))).toBe(true); // 4 each
    }
    const big = req('kv-heavy', { now: w0 + 9500, keySize: 4096 });
    expect(await throttle.tryConsume(big)).toMatchObject({ ok: false, retryAfterSec: 1 });
    expect(await admitted(throttle, { ...big, now: w0 + 9999 })).toBe(false);
    expect(await admitted(throttle, { ...big, now: w0 + 10_000 })).toBe(true);
  });

  it('always admits into an empty window, so a tiny scale slows a vault down instead of locking it out', async () => {
    const tiny = await SharedVaultThrottle.open(nc, 0.001); // 4 units; an HSM RSA-4096 op costs 16
    const big = req('kv-tiny', { kty: 'RSA-HSM', keySize: 4096 });
    expect(await admitted(tiny, big)).toBe(true);
    expect(await tiny.tryConsume({ ...big, now: w0 + 1000 })).toMatchObject({ ok: false, retryAfterSec: 9 });
    expect(await admitted(tiny, { ...big, now: w0 + 10_000 })).toBe(true);
  });

  it('counts a clock read slightly out of order in the window it names', async () => {
    expect(await admitted(throttle, req('kv-order', { now: w0 + 10 }))).toBe(true);
    for (let i = 0; i < 39; i++) expect(await admitted(throttle, req('kv-order', { now: w0 }))).toBe(true);
    expect(await admitted(throttle, req('kv-order', { now: w0 + 9999 }))).toBe(false);
    expect(await admittedUntilRefused(throttle, req('kv-order', { now: w0 + 10_010 }))).toBe(40);
    // A reading a little behind, from the window before, spends that window's budget, not this one's.
    expect(await admitted(throttle, req('kv-order', { now: w0 + 9990 }))).toBe(false);
  });

  it('admits as many as the limit, not more, when replicas race for the same window', async () => {
    const other = await SharedVaultThrottle.open(nc, 0.01);
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 ? throttle : other).tryConsume(req('kv-race'))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(40);
  });

  it('admits every one of many concurrent calls on one replica while the budget has room', async () => {
    const azure = await SharedVaultThrottle.open(nc, 1);
    const results = await Promise.all(
      Array.from({ length: 120 }, () => azure.tryConsume(req('kv-concurrent'))),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses scale %s', async (scale) => {
    await expect(SharedVaultThrottle.open(nc, scale)).rejects.toThrow(RangeError);
  });
});

describe('SharedVaultThrottle’s counters', () => {
  it('expire once their window is long over, so the bucket stays bounded however many vaults were busy', async () => {
    await using server = await startNatsServer();
    const nc = await connect({ servers: server.url });
    try {
      const throttle = await SharedVaultThrottle.open(nc, 1, { counterTtlMs: 1000 });
      for (let i = 0; i < 50; i++) await throttle.tryConsume(req(`kv-${i}`));
      const bucket = await nc.jetstream().views.kv(SharedVaultThrottle.bucketName);
      expect((await bucket.status()).values).toBe(50);
      await expect.poll(async () => (await bucket.status()).values, { timeout: 10_000 }).toBe(0);
    } finally {
      await nc.close();
    }
  });
});

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

  it('throttles with 429 Throttled once the per-vault limit is spent (limits scaled down here)', async () => {
    const kv = t.keyvault();
    await kv.createVault({ name: 'kv-busy', tenantId, location: 'eastus' });
    await kv.assignRole({
      vault: 'kv-busy',
      principalId: admin.principalId,
      role: 'Key Vault Administrator',
    });
    const authorization = await admin.bearer();
    await kv.createKey({ vault: 'kv-busy', authorization, name: 'cmk', kty: 'RSA' });
    await startFreshWindow(t);
    const outcomes: string[] = [];
    for (let i = 0; i < 60; i++) {
      outcomes.push(await outcome(kv.getKey({ vault: 'kv-busy', authorization, name: 'cmk' })));
    }
    expect(outcomes).toContain('ok');
    expect(outcomes).toContain('Throttled');
    const throttled = await kv
      .getKey({ vault: 'kv-busy', authorization, name: 'cmk' })
      .catch((e: unknown) => e);
    expect(throttled).toMatchObject({
      status: 429,
      message: /Reason: VaultRequestTypeLimitReached/,
      details: { retryAfterSeconds: expect.any(Number) },
    });
    // The window is ten seconds of testbed time: moving the clock past it lets requests through again.
    await t.advance(11_000);
    await expect(kv.getKey({ vault: 'kv-busy', authorization, name: 'cmk' })).resolves.toBeDefined();
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
