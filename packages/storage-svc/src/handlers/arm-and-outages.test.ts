import { FaultRuleTable } from '@cmk-testbed/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmkWorld } from '../testing/cmk-world.js';
import { type StorageUnderTest, startStorage } from '../testing/start-storage.js';

/** Key Vault's throttling window (keyvault-svc counts fixed windows of this length on the testbed clock). */
const throttleWindowMs = 10_000;

describe('a pasted ARM resource, vault throttling and an identity service outage', () => {
  let t: StorageUnderTest;
  let world: Awaited<ReturnType<typeof cmkWorld>>;

  beforeAll(async () => {
    // No key cache, and a vault whose throttling budget is tiny: every read unwraps, and unwraps run out.
    t = await startStorage({ CMK_STORAGE_KEY_CACHE_TTL: 'PT0S' }, ['eastus'], {
      CMK_KEYVAULT_THROTTLE_SCALE: '0.0005',
    });
    world = await cmkWorld(t.entra, t.keyvault, 'outage');
  }, 90_000);

  afterAll(() => t?.dispose());

  it('accepts a storage account resource pasted from an ARM template', async () => {
    const pasted = JSON.parse(`{
      "type": "Microsoft.Storage/storageAccounts",
      "apiVersion": "2023-05-01",
      "name": "armpasted",
      "location": "eastus",
      "sku": { "name": "Standard_LRS" },
      "kind": "StorageV2",
      "identity": { "type": "UserAssigned", "userAssignedIdentities": { "${world.uami.id}": {} } },
      "properties": {
        "minimumTlsVersion": "TLS1_2",
        "encryption": {
          "keySource": "Microsoft.Keyvault",
          "requireInfrastructureEncryption": false,
          "keyvaultproperties": { "keyvaulturi": "${world.vaultUri}", "keyname": "cmk" },
          "identity": { "userAssignedIdentity": "${world.uami.id}" },
          "services": { "blob": { "enabled": true, "keyType": "Account" }, "file": { "enabled": true, "keyType": "Account" } }
        }
      }
    }`);
    const account = await t.storage.createAccount({
      ...pasted,
      subscriptionId: world.subscription.subscriptionId,
    });
    expect(account.properties.encryption).toMatchObject({
      keySource: 'Microsoft.Keyvault',
      keyvaultproperties: { keyname: 'cmk' },
    });
    expect(account.identity.userAssignedIdentities?.[world.uami.id]?.principalId).toBe(
      world.uami.principalId,
    );
  });

  /** The vault's audit entries for unwrapKey with a status (429 Throttled, 200), as the vault saw them. */
  const unwraps = async (status: number) =>
    (await t.keyvault.getAuditLog({ vault: world.vault, limit: 10_000 })).entries.filter(
      (e) => e.operation === 'unwrapKey' && e.status === status,
    ).length;

  /**
   * Moves the testbed clock just past the start of the vault's next throttling window. Windows are fixed 10 s
   * of testbed time (which also runs at real speed), so landing at a window's start leaves the whole window
   * ahead; advancing by a flat 11 s could land near a window's end and cross into the next one mid-test.
   */
  const nextThrottleWindow = async () => {
    const now = t.runtime.clock.now();
    await t.advance(throttleWindowMs - (now % throttleWindowMs) + 50);
  };

  /** Starts a fresh throttling window and spends it: the vault admits two unwraps per window. */
  const spendTheWindow = async () => {
    await nextThrottleWindow();
    await t.storage.getBlob({ account: 'armpasted', container: 'data', blob: 'b' });
    await t.storage.getBlob({ account: 'armpasted', container: 'data', blob: 'b' });
  };

  it('retries a throttled unwrap once the vault has room again, and the read succeeds', async () => {
    await t.storage.createContainer({ account: 'armpasted', container: 'data' });
    // Creating the account spent this vault's tiny budget: start from a fresh 10-second window.
    await nextThrottleWindow();
    await t.storage.putBlob({ account: 'armpasted', container: 'data', blob: 'b', body: 'x' });
    await spendTheWindow();
    const [throttledBefore, admittedBefore] = [await unwraps(429), await unwraps(200)];
    const started = Date.now();
    const read = t.storage.getBlob(
      { account: 'armpasted', container: 'data', blob: 'b' },
      { timeoutMs: 10_000 },
    );
    // The vault refused the first attempt (Retry-After: ~10 s of testbed time); moving the clock past its
    // window lets the node's waiting retry through at once.
    await expect.poll(() => unwraps(429), { timeout: 5_000 }).toBeGreaterThan(throttledBefore);
    await t.advance(11_000);
    expect(Buffer.from((await read).body).toString()).toBe('x');
    // The retry waited on the testbed clock, not for the real-time deadline (about 9 s away).
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(await unwraps(200)).toBe(admittedBefore + 1);
  });

  it('answers 503 ServerBusy when the vault stays throttled past the deadline, after retrying', async () => {
    await spendTheWindow();
    const throttledBefore = await unwraps(429);
    const busy = await t.storage
      .getBlob({ account: 'armpasted', container: 'data', blob: 'b' }, { timeoutMs: 2_000 })
      .catch((e: unknown) => e);
    expect(busy).toMatchObject({
      status: 503,
      code: 'ServerBusy',
      azureCause: { status: 429, code: 'Throttled' },
    });
    // The first attempt and a last one just before the deadline: the vault saw the node retry.
    await expect.poll(() => unwraps(429)).toBeGreaterThanOrEqual(throttledBefore + 2);
    await t.advance(11_000);
  });

  it('answers KeyVaultAccessTokenCannotBeAcquired while the identity service is down', async () => {
    const faults = await FaultRuleTable.open(t.runtime.nc);
    await faults.put({ id: 'entra-down', kind: 'down', at: 'client', match: { service: 'entra' } });
    try {
      // Past the cached token's lifetime, so the node must ask Entra again.
      await t.advance(25 * 3_600_000);
      await expect
        .poll(() =>
          t.storage.getBlob({ account: 'armpasted', container: 'data', blob: 'b' }).then(
            () => 'ok',
            (e: { code: string }) => e.code,
          ),
        )
        .toBe('KeyVaultAccessTokenCannotBeAcquired');
    } finally {
      await faults.delete('entra-down');
    }
  });

  it('answers KeyVaultVaultNotFound while the vault service is down', async () => {
    const faults = await FaultRuleTable.open(t.runtime.nc);
    await t.advance(11_000);
    await faults.put({ id: 'vault-down', kind: 'down', at: 'client', match: { service: 'keyvault' } });
    try {
      await expect
        .poll(() =>
          t.storage.getBlob({ account: 'armpasted', container: 'data', blob: 'b' }).then(
            () => 'ok',
            (e: { code: string }) => e.code,
          ),
        )
        .toBe('KeyVaultVaultNotFound');
    } finally {
      await faults.delete('vault-down');
    }
  });

  it("answers KeyVaultVaultNotFound, not the caller's timeout, while the vault hangs", async () => {
    const faults = await FaultRuleTable.open(t.runtime.nc);
    await t.advance(11 * 60_000);
    await faults.put({
      id: 'vault-hangs',
      kind: 'unavailable',
      at: 'server',
      match: { service: 'keyvault' },
    });
    try {
      await expect(
        t.storage.getBlob({ account: 'armpasted', container: 'data', blob: 'b' }, { timeoutMs: 2000 }),
      ).rejects.toMatchObject({ status: 403, code: 'KeyVaultVaultNotFound' });
    } finally {
      await faults.delete('vault-hangs');
    }
  });
});
